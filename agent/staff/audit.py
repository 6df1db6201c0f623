"""The staff console's audit trail: every action and every read of a patient's record.

Each becomes a FHIR AuditEvent in the practice's backend (embedded store or the EHR), saying
who (the staff account), what (a fixed operation word and the resources touched), which
patient, and when. Nothing here is logged: the trail lives in the backend only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from agent.staff.models import StaffAccount
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.queries import Actor, AuditRecord
from fhir_adapters.resources import AuditEvent

AuditAction = Literal["C", "R", "U", "D", "E"]


def staff_actor(account: StaffAccount, conversation_id: str | None = None) -> Actor:
    """The audit trail's ``who`` for a staff member."""
    return Actor(name=account.email, user_id=account.id, conversation_id=conversation_id)


async def audit(
    backend: SchedulingBackend,
    account: StaffAccount,
    purpose: str,
    *,
    action: AuditAction = "E",
    patient_id: str | None = None,
    conversation_id: str | None = None,
    entities: Sequence[str] = (),
) -> AuditEvent:
    """Record that ``account`` did ``purpose`` (e.g. "view-transcript", "take-over").

    Args:
        backend: the practice's backend, which keeps the trail.
        account: who did it.
        purpose: a fixed lowercase word for what was done.
        action: the FHIR action code ("R" for a read, "E" for an action, ...).
        patient_id: the patient whose record was read or acted on, when known.
        conversation_id: the conversation concerned, if any.
        entities: other "Type/id" references touched (Task, Appointment...).
    """
    return await backend.record_audit(
        AuditRecord(
            actor=staff_actor(account, conversation_id),
            action=action,
            purpose=purpose,
            patient_id=patient_id,
            entities=list(entities),
        )
    )
