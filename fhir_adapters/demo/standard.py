"""The demo practice as another EHR would hold it: standard codes and UUID ids.

Same people, schedules and slots as the demo practice, but coded the way real EHRs code
them: SNOMED CT specialties on PractitionerRoles, Schedules and Slots; HL7 service-type
codes for the kind of care (124 General Practice, 88 General dental...) with 57
Immunization where vaccinations are given; no frontdesk specialty code; every id a UUID
(``standard_id``), so nothing can rely on "pract-martin". The eval suites run on it to prove
that frontdesk works on a practice it did not build.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from fhir_adapters.concepts import SERVICE_TYPE, SNOMED
from fhir_adapters.demo.codes import SPECIALTY_SYSTEM
from fhir_adapters.resources import DomainResource, parse_resource

Json = dict[str, Any]
_NAMESPACE = uuid.UUID("6f1c3f9e-5d2a-4c1b-9a57-1d9e0c7b2a10")

SPECIALTY_CODES: dict[str, tuple[str, str]] = {
    "general-practice": ("394814009", "General practice"),
    "paediatrics": ("394537008", "Pediatric specialty"),
    "dentistry": ("394812008", "Dental medicine specialties"),
    "physiotherapy": ("36682004", "Physiotherapist"),
    "dermatology": ("394582007", "Dermatology"),
    "gynaecology": ("394586005", "Gynecology"),
}
CARE_CODES: dict[str, tuple[str, str]] = {
    "general-practice": ("124", "General Practice"),
    "paediatrics": ("200", "Paediatric Medicine"),
    "dentistry": ("88", "General dental"),
    "physiotherapy": ("65", "Physiotherapy"),
    "dermatology": ("168", "Dermatology"),
    "gynaecology": ("186", "Obstetrics & Gynaecology"),
}
DEMO_ID = re.compile(r"\b(?:org|loc|hs|role|sched|slot|pract|pat)-[A-Za-z0-9][A-Za-z0-9-]*")
"""The demo practice's ids, wherever they are written (scenarios, configurations)."""


def standard_id(demo_id: str) -> str:
    """The UUID the standard practice uses for the demo resource ``demo_id``."""
    return str(uuid.uuid5(_NAMESPACE, demo_id))


def standard_text(text: str) -> str:
    """``text`` (a scenario, a configuration) with every demo id replaced by its UUID."""
    return DEMO_ID.sub(lambda m: standard_id(m.group(0)), text)


def _specialty_of(body: Json) -> str | None:
    for concept in body.get("specialty") or []:
        for coding in concept.get("coding") or []:
            if coding.get("system") == SPECIALTY_SYSTEM:
                return str(coding.get("code"))
    return None


def _recode_services(body: Json, key: str) -> None:
    specialty = _specialty_of(body)
    concepts = body.get(key)
    if not concepts or specialty not in CARE_CODES:
        return
    ours = {c.get("code") for cc in concepts for c in cc.get("coding") or []}
    code, label = CARE_CODES[specialty]
    out = [{"coding": [{"system": SERVICE_TYPE, "code": code, "display": label}]}]
    if "vaccination" in ours:
        out.append({"coding": [{"system": SERVICE_TYPE, "code": "57", "display": "Immunization"}]})
    body[key] = out


def _recode(value: Any) -> Any:
    if isinstance(value, list):
        return [_recode(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _recode(v) for k, v in value.items()}
    if out.get("system") == SPECIALTY_SYSTEM and out.get("code") in SPECIALTY_CODES:
        code, label = SPECIALTY_CODES[str(out["code"])]
        out.update(system=SNOMED, code=code, display=label)
    reference = out.get("reference")
    if isinstance(reference, str) and "/" in reference:
        rtype, rid = reference.split("/", 1)
        out["reference"] = f"{rtype}/{standard_id(rid)}"
    return out


def recode(resources: list[DomainResource]) -> list[DomainResource]:
    """The demo resources as the standard practice holds them (same order)."""
    out: list[DomainResource] = []
    for resource in resources:
        body = resource.model_dump(mode="json", exclude_none=True)
        # Kinds of care first (they read the frontdesk specialty), then codes and ids.
        for key in ("serviceType", "type"):
            _recode_services(body, key)
        body = _recode(body)
        if body.get("id"):
            body["id"] = standard_id(str(body["id"]))
        body.pop("text", None)
        out.append(parse_resource(body))
    return out
