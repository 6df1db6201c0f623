"""AuditEvents for the writes of the embedded store: who, what, when, never patient data.

Each event is a FHIR R4 AuditEvent of type ``rest`` with the RESTful interaction as subtype
(create or update); its entities reference the resources written. The actor's name and the
conversation id identify who did it; names, birth dates and phones never appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from fhir_adapters.embedded.columns import instant
from fhir_adapters.queries import Actor

AUDIT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL_SYSTEM = "http://hl7.org/fhir/restful-interaction"
OPERATION_SYSTEM = "https://frontdesk.dev/operation"
SOURCE_NAME = "frontdesk embedded store"

# Beyond this many resources of one type, a write is summarised as a count (bulk seeding).
_MAX_LISTED = 20


def audit_event(
    event_id: str,
    *,
    action: Literal["C", "U"],
    actor: Actor,
    entities: Sequence[str],
    recorded: datetime,
    purpose: str | None = None,
) -> dict[str, Any]:
    """AuditEvent JSON for one write.

    Args:
        event_id: id of the new AuditEvent.
        action: "C" when the write created the main resource, "U" when it updated it.
        actor: the system or user who asked for the write.
        entities: "Type/id" references of every resource written.
        recorded: when the write happened.
        purpose: a short machine word for what the write was ("book", "cancel", ...).
    """
    agent: dict[str, Any] = {"who": {"display": actor.name}, "requestor": True}
    if actor.conversation_id:
        agent["altId"] = actor.conversation_id
    event: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": event_id,
        "type": {"system": AUDIT_TYPE_SYSTEM, "code": "rest", "display": "RESTful Operation"},
        "subtype": [{"system": RESTFUL_SYSTEM, "code": "create" if action == "C" else "update"}],
        "action": action,
        "recorded": instant(recorded),
        "outcome": "0",
        "agent": [agent],
        "source": {"observer": {"display": SOURCE_NAME}},
        "entity": _entities(entities),
    }
    if purpose:
        event["subtype"].append({"system": OPERATION_SYSTEM, "code": purpose})
    return event


def _entities(references: Sequence[str]) -> list[dict[str, Any]]:
    by_type: dict[str, list[str]] = {}
    for reference in references:
        by_type.setdefault(reference.split("/", 1)[0], []).append(reference)
    entities: list[dict[str, Any]] = []
    for rtype, refs in by_type.items():
        if len(refs) > _MAX_LISTED:
            entities.append({"description": f"{len(refs)} {rtype} resources"})
        else:
            entities.extend({"what": {"reference": r}} for r in refs)
    return entities
