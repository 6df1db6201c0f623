"""AuditEvents for what a person did or read (a staff member in the console), any backend.

The backends audit their own writes themselves (``embedded/audit.py``, ``rest/records.py``).
This module builds the record of a person's access that no write carries: opening a patient's
transcript, taking over a conversation, resolving a handoff. It is one FHIR R4 AuditEvent:
``agent.who`` the person, ``entity`` the resources touched, with the patient as an entity of
object role "Patient" (1), and a fixed machine word for the operation, never free text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fhir_adapters.queries import AuditRecord

AUDIT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL_SYSTEM = "http://hl7.org/fhir/restful-interaction"
OPERATION_SYSTEM = "https://frontdesk.dev/operation"
OBJECT_ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/object-role"
STAFF_SYSTEM = "https://frontdesk.dev/staff"
_RESTFUL = {"C": "create", "R": "read", "U": "update", "D": "delete"}


def access_event(record: AuditRecord, recorded: datetime) -> dict[str, Any]:
    """AuditEvent JSON (no id) for ``record``, recorded at ``recorded``."""
    who: dict[str, Any] = {"display": record.actor.name}
    if record.actor.user_id:
        who["identifier"] = {"system": STAFF_SYSTEM, "value": record.actor.user_id}
    agent: dict[str, Any] = {"who": who, "requestor": True}
    if record.actor.conversation_id:
        agent["altId"] = record.actor.conversation_id
    subtype = [{"system": OPERATION_SYSTEM, "code": record.purpose}]
    if record.action in _RESTFUL:
        subtype.insert(0, {"system": RESTFUL_SYSTEM, "code": _RESTFUL[record.action]})
    entities: list[dict[str, Any]] = []
    if record.patient_id:
        entities.append(
            {
                "what": {"reference": f"Patient/{record.patient_id}"},
                "role": {"system": OBJECT_ROLE_SYSTEM, "code": "1", "display": "Patient"},
            }
        )
    entities.extend({"what": {"reference": ref}} for ref in record.entities)
    event: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "type": {"system": AUDIT_TYPE_SYSTEM, "code": "rest", "display": "RESTful Operation"},
        "subtype": subtype,
        "action": record.action,
        "recorded": recorded.isoformat(),
        "outcome": "0" if record.success else "4",
        "agent": [agent],
        "source": {"observer": {"display": "frontdesk staff console"}},
    }
    if entities:
        event["entity"] = entities
    return event


def patient_of(event: Any) -> str | None:
    """The id of the patient an AuditEvent (typed model) is about, if any."""
    for entity in event.entity or []:
        reference = entity.what.reference if entity.what else None
        if reference and str(reference).startswith("Patient/"):
            return str(reference).split("/", 1)[1]
    return None


def operation_of(event: Any) -> str | None:
    """The frontdesk operation word of an AuditEvent (typed model), if any: the operation
    subtype, or the outcome description where the REST backend records its own writes' label."""
    found = next((str(c.code) for c in event.subtype or [] if c.system == OPERATION_SYSTEM), None)
    return found or getattr(event, "outcomeDesc", None)
