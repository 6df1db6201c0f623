"""The FHIR records the REST backend writes and the facts it reads off them.

Holds follow the embedded backend's convention: a held Slot is ``busy-tentative`` and
carries its expiry (and the hold's token) in extensions; a hold past its expiry counts as
free. Appointments carry the caller's idempotency key as an identifier.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TypeVar

from fhir_adapters.codings import appointment_service_types, appointment_type, concept_keys
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.resources import DomainResource, parse_resource

HOLD_EXPIRES_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-expires"
HOLD_TOKEN_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-token"
BOOKING_KEY_URL = "https://frontdesk.dev/fhir/StructureDefinition/booking-key"
"""On a busy Slot: the idempotency key of the booking that took it (settles lost answers)."""
IDEMPOTENCY_SYSTEM = "https://frontdesk.dev/idempotency-key"
AUDIT_TYPE = {
    "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
    "code": "rest",
    "display": "RESTful Operation",
}
_AUDIT_ACTIONS = {"create": "C", "update": "U", "delete": "D", "read": "R"}

Json = dict[str, Any]
R = TypeVar("R", bound=DomainResource)


def to_json(resource: DomainResource) -> Json:
    """FHIR JSON of a typed resource."""
    return json.loads(resource.model_dump_json())  # type: ignore[no-any-return]


def typed(body: Json, cls: type[R]) -> R:
    """The typed R4B model of a JSON resource of type ``cls``."""
    resource = parse_resource(body)
    if not isinstance(resource, cls):
        raise TypeError(f"expected {cls.__name__}, got {body.get('resourceType')}")
    return resource


def version_of(body: Json) -> str | None:
    """The resource's meta.versionId."""
    return (body.get("meta") or {}).get("versionId")


def weak_etag(version: str | None) -> str | None:
    """The If-Match value of a version: ``W/"3"``."""
    return f'W/"{version}"' if version else None


def parse_instant(value: str | None) -> datetime | None:
    """An aware datetime from FHIR JSON (None when absent or naive)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


# ---- holds ------------------------------------------------------------------------------


def _ext(body: Json, url: str) -> Json | None:
    return next((e for e in body.get("extension") or [] if e.get("url") == url), None)


def hold_of(slot: Json) -> tuple[str | None, datetime | None]:
    """The (token, expiry) of a held slot."""
    token = (_ext(slot, HOLD_TOKEN_URL) or {}).get("valueString")
    expiry_ext = _ext(slot, HOLD_EXPIRES_URL) or {}
    expiry = parse_instant(expiry_ext.get("valueDateTime") or expiry_ext.get("valueInstant"))
    return token, expiry


def is_free(slot: Json, now: datetime) -> bool:
    """Free, or busy-tentative under a hold that has expired."""
    if slot.get("status") == "free":
        return True
    if slot.get("status") == "busy-tentative":
        _, expiry = hold_of(slot)
        return expiry is not None and expiry <= now
    return False


def is_bookable(slot: Json, now: datetime, hold_token: str | None) -> bool:
    """Free, or held under ``hold_token``."""
    if is_free(slot, now):
        return True
    token, _ = hold_of(slot)
    return slot.get("status") == "busy-tentative" and hold_token is not None and token == hold_token


def booking_key_of(slot: Json) -> str | None:
    """The idempotency key of the booking that made this Slot busy."""
    return (_ext(slot, BOOKING_KEY_URL) or {}).get("valueString")


def with_status(
    slot: Json,
    status: str,
    hold: tuple[str, datetime] | None = None,
    *,
    booking_key: str | None = None,
) -> Json:
    """A copy of ``slot`` with ``status``; hold and booking-key extensions replaced or dropped."""
    out = {k: v for k, v in slot.items() if k != "meta"}
    kept = [
        e
        for e in slot.get("extension") or []
        if e.get("url") not in (HOLD_EXPIRES_URL, HOLD_TOKEN_URL, BOOKING_KEY_URL)
    ]
    if booking_key is not None:
        kept.append({"url": BOOKING_KEY_URL, "valueString": booking_key})
    if hold is not None:
        token, expires = hold
        kept += [
            {"url": HOLD_EXPIRES_URL, "valueInstant": expires.isoformat()},
            {"url": HOLD_TOKEN_URL, "valueString": token},
        ]
    out.pop("extension", None)
    if kept:
        out["extension"] = kept
    out["status"] = status
    return out


# ---- appointments -----------------------------------------------------------------------


def patient_of(appointment: Json) -> str | None:
    """The id of the appointment's Patient participant."""
    for participant in appointment.get("participant") or []:
        reference = str((participant.get("actor") or {}).get("reference") or "")
        if reference.startswith("Patient/"):
            return reference.split("/", 1)[1]
    return None


def slot_ids_of(appointment: Json) -> list[str]:
    """Ids of the slots the appointment occupies."""
    out = []
    for s in appointment.get("slot") or []:
        reference = str(s.get("reference") or "")
        if reference.startswith("Slot/"):
            out.append(reference.split("/", 1)[1])
    return out


def actor_refs(resource: Json, key: str = "actor") -> list[str]:
    """References of a Schedule's actors (or of any list of references under ``key``)."""
    return [str(a.get("reference")) for a in resource.get(key) or [] if a.get("reference")]


def build_appointment(
    request: BookingRequest, slot: Json, schedule: Json | None, now: datetime
) -> Json:
    """The booked Appointment for ``request`` on ``slot``."""
    participants: list[Json] = [
        {"actor": {"reference": f"Patient/{request.patient_id}"}, "status": "accepted"}
    ]
    for reference in actor_refs(schedule or {}):
        if reference.startswith(("Practitioner/", "Location/")):
            participants.append({"actor": {"reference": reference}, "status": "accepted"})
    start, end = parse_instant(slot.get("start")), parse_instant(slot.get("end"))
    minutes = int((end - start).total_seconds() // 60) if start and end else 0
    appointment: Json = {
        "resourceType": "Appointment",
        "identifier": [{"system": IDEMPOTENCY_SYSTEM, "value": request.idempotency_key}],
        "status": "booked",
        "slot": [{"reference": f"Slot/{slot['id']}"}],
        "start": slot.get("start"),
        "end": slot.get("end"),
        "minutesDuration": max(1, minutes),
        "created": now.isoformat(),
        "participant": participants,
    }
    # The EHR's own codes, never relabelled: the slot's serviceType, appointmentType and
    # specialty (the schedule's when the slot names none).
    services = appointment_service_types(
        slot.get("serviceType") or (schedule or {}).get("serviceType"), request.service_type
    )
    if services:
        appointment["serviceType"] = services
    specialty = slot.get("specialty") or (schedule or {}).get("specialty")
    if specialty:
        appointment["specialty"] = specialty
    kind = appointment_type(slot, schedule, request.service_type)
    if kind:
        appointment["appointmentType"] = kind
    if request.reason:
        appointment["reasonCode"] = [{"text": request.reason}]
    return appointment


def same_booking(appointment: Json, request: BookingRequest) -> bool:
    """Whether an appointment found by idempotency key is for the request's slot and patient."""
    return request.slot_id in slot_ids_of(appointment) and patient_of(appointment) == (
        request.patient_id
    )


def codes_of(concepts: Any) -> set[str]:
    """Every concept key of a list of CodeableConcepts (``fhir_adapters.codings``): an
    EHR's SNOMED CT or HL7 code reads as our concept, an unknown code as itself."""
    return set(concept_keys(concepts))


def cancelled(appointment: Json, reason: str | None) -> Json:
    """A copy of ``appointment`` with status cancelled (and the reason as text)."""
    out = {k: v for k, v in appointment.items() if k != "meta"}
    out["status"] = "cancelled"
    out["cancelationReason"] = {"text": reason or "cancelled by patient request"}
    return out


# ---- audit ------------------------------------------------------------------------------


def audit_event(action: str, what: str, actor: Actor, now: datetime, detail: str) -> Json:
    """An AuditEvent for a write: who (the system/agent), what (a reference), when.

    ``detail`` is a fixed label such as ``"book"``: never free text that could hold patient data.
    """
    agent: Json = {"requestor": True, "who": {"display": actor.name}}
    if actor.conversation_id:
        agent["altId"] = actor.conversation_id
    return {
        "resourceType": "AuditEvent",
        "type": AUDIT_TYPE,
        "subtype": [{"system": "http://hl7.org/fhir/restful-interaction", "code": action}],
        "action": _AUDIT_ACTIONS.get(action, "E"),
        "recorded": now.isoformat(),
        "outcome": "0",
        "outcomeDesc": detail,
        "agent": [agent],
        "source": {"observer": {"display": "frontdesk"}},
        "entity": [{"what": {"reference": what}}],
    }
