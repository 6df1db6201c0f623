"""An open coding model: any EHR coding (system + code + display) read as one of our concepts.

``concept_of`` maps a coding to a concept of ``fhir_adapters.concepts`` through, in order,
the practice's local codes (``register_local``), the shipped maps (HL7 service-type,
SNOMED CT practice settings and occupations, frontdesk's own codes) and, for a code nobody
mapped, its display text. A coding that still means nothing to us keeps its raw code as
its concept key, so filters by that code work as before and nothing is lost.

Writes never relabel: an Appointment carries the Slot's own serviceType codings
(``appointment_service_types``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from fhir_adapters.concepts import (
    APPOINTMENT_TYPE,
    CONCEPTS,
    FRONTDESK_SERVICE_TYPE,
    FRONTDESK_SPECIALTY,
    SERVICE_TYPE,
    SNOMED,
    VISIT_KINDS,
)
from fhir_adapters.matching import fold

Json = dict[str, Any]

_SHIPPED: dict[tuple[str, str], str] = {}
_BY_NAME: dict[str, str] = {}
for _concept in CONCEPTS.values():
    for _code in _concept.snomed:
        _SHIPPED[(SNOMED, _code)] = _concept.code
    for _code in _concept.service_type:
        _SHIPPED[(SERVICE_TYPE, _code)] = _concept.code
    if _concept.appointment_type:
        _SHIPPED[(APPOINTMENT_TYPE, _concept.appointment_type)] = _concept.code
    own = FRONTDESK_SERVICE_TYPE if _concept.kind == "visit" else FRONTDESK_SPECIALTY
    _SHIPPED[(own, _concept.code)] = _concept.code
    for _name in (_concept.en, _concept.fr, _concept.code.replace("-", " "), *_concept.synonyms):
        _BY_NAME.setdefault(fold(_name), _concept.code)

_local: dict[tuple[str, str], str] = {}
_local_lock = threading.Lock()


def register_local(codes: Mapping[tuple[str, str], str]) -> None:
    """Add a practice's local codes: ``{(system, code): concept}`` (from its configuration).

    Local codes win over the shipped maps; registering the same code again replaces it.
    """
    with _local_lock:
        _local.update(codes)


def local_codes() -> dict[tuple[str, str], str]:
    """A copy of the local codes registered so far."""
    with _local_lock:
        return dict(_local)


def replace_local(codes: Mapping[tuple[str, str], str]) -> None:
    """Make ``codes`` the only local codes (tests restore the registry with it)."""
    with _local_lock:
        _local.clear()
        _local.update(codes)


def concept_of(system: str | None, code: str | None, display: str | None = None) -> str | None:
    """Our concept for a coding, or None when neither its code nor its display is known."""
    if code:
        key = (system or "", str(code))
        found = _local.get(key) or _SHIPPED.get(key)
        if found:
            return found
        if not system and str(code) in CONCEPTS:  # a bare frontdesk code
            return str(code)
    if display:
        return _BY_NAME.get(fold(display))
    return None


def _codings(concepts: Any) -> Iterable[Json]:
    items = [concepts] if isinstance(concepts, dict) else concepts or []
    for concept in items:
        if not isinstance(concept, dict):
            continue
        codings = concept.get("coding") or []
        yield from codings
        if not codings and concept.get("text"):
            yield {"display": concept["text"]}


def concept_keys(concepts: Any) -> list[str]:
    """Concept keys of a CodeableConcept (or a list of them, JSON), in order, no repeats.

    A coding we cannot map keeps its raw code as key, so a local code still filters.
    """
    out: list[str] = []
    for coding in _codings(concepts):
        key = concept_of(coding.get("system"), coding.get("code"), coding.get("display"))
        key = key or (str(coding["code"]) if coding.get("code") else None)
        if key and key not in out:
            out.append(key)
    return out


def visit_kinds(concepts: Any) -> list[str]:
    """The visit-kind concepts (first visit, follow-up...) a list of serviceTypes names."""
    return [k for k in concept_keys(concepts) if k in VISIT_KINDS]


def specialty_keys(concepts: Any) -> list[str]:
    """The concept keys of a list of specialties or serviceTypes that are not visit kinds."""
    return [k for k in concept_keys(concepts) if k not in VISIT_KINDS]


def restricted_visits(service_types: Any) -> list[str]:
    """The only visit kinds a slot with these serviceTypes takes; [] when it takes any.

    A slot restricts the kind of visit only when every serviceType it lists is a visit
    kind (first visit, follow-up, vaccination...). One that also names a kind of care
    (HL7 "124 General Practice" next to "57 Immunization") or a code we cannot read takes
    any visit: refusing a booking on a guess would fail every booking of that EHR.
    """
    items = [service_types] if isinstance(service_types, dict) else service_types or []
    kinds: list[str] = []
    for concept in items:
        own = visit_kinds(concept)
        if not own:
            return []
        kinds += [k for k in own if k not in kinds]
    return kinds


def accepts_visit(service_types: Any, requested: str | None) -> bool:
    """Whether a slot with these serviceTypes takes a visit of kind ``requested``
    (a request that is not a visit kind is not checked here: the specialty filter is)."""
    if not requested or requested not in VISIT_KINDS:
        return True
    kinds = restricted_visits(service_types)
    return not kinds or requested in kinds


def appointment_service_types(service_types: Any, requested: str | None) -> list[Json]:
    """The serviceType an Appointment on a slot carries: the slot's own codings.

    The slot's concept matching ``requested`` when there is one, else everything the slot
    says; a slot that says nothing gets our coding of ``requested`` (never a relabelled one).
    """
    own = [dict(c) for c in (service_types or []) if isinstance(c, dict)]
    if own and requested:
        matching = [c for c in own if requested in concept_keys(c)]
        if matching:
            return matching[:1]
    if own:
        if restricted_visits(own):  # only visit kinds: the first is what is booked
            return own[:1]
        # Kinds of care (HL7 "124 General Practice"), without visit kinds not asked for.
        return [c for c in own if not visit_kinds(c)]
    if requested and requested in CONCEPTS:
        concept = CONCEPTS[requested]
        system = FRONTDESK_SERVICE_TYPE if concept.kind == "visit" else FRONTDESK_SPECIALTY
        return [{"coding": [{"system": system, "code": requested, "display": concept.en}]}]
    return []


def appointment_type(slot: Json, schedule: Json | None, requested: str | None) -> Json | None:
    """The appointmentType of an Appointment on ``slot``: the slot's own when it has one;
    else, when the caller asked for a visit kind the slot's codes do not already say, that
    kind in HL7 v2-0276 (ours where v2-0276 has no code). None when nothing is to be said."""
    if slot.get("appointmentType"):
        return dict(slot["appointmentType"])
    if not requested or requested not in VISIT_KINDS:
        return None
    said = slot.get("serviceType") or (schedule or {}).get("serviceType")
    if requested in visit_kinds(said):
        return None
    concept = CONCEPTS[requested]
    if concept.appointment_type:
        coding = {"system": APPOINTMENT_TYPE, "code": concept.appointment_type}
    else:
        coding = {"system": FRONTDESK_SERVICE_TYPE, "code": requested}
    return {"coding": [{**coding, "display": concept.en}]}


def visit_of(appointment: Mapping[str, Any]) -> str | None:
    """The visit kind an Appointment (JSON) records, from its appointmentType or serviceType."""
    kinds = visit_kinds(appointment.get("appointmentType")) or visit_kinds(
        appointment.get("serviceType")
    )
    return kinds[0] if kinds else None


def display(key: str, language: str = "en", fallback: str | None = None) -> str:
    """A concept's name in ``language`` ("fr" or "en"); ``fallback`` or the key otherwise."""
    concept = CONCEPTS.get(key)
    if concept is None:
        return fallback or key
    return concept.fr if language == "fr" else concept.en


def role_specialties(role: Json) -> list[str]:
    """Specialty concepts of a PractitionerRole (JSON): its specialty codings and, for an
    EHR that codes the occupation instead (SNOMED CT "cardiologist"), its mapped code."""
    keys = specialty_keys(role.get("specialty"))
    keys += [k for k in specialty_keys(role.get("code")) if k in CONCEPTS and k not in keys]
    return keys
