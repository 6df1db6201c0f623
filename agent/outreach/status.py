"""What the staff console reads: reminder status per appointment, the waitlist, the dead
letters. Plain functions over the backend returning typed models; no writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from agent.outreach.records import MessageRecord, read_record
from agent.outreach.waitlist import entry_patient, entry_practitioner
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.resources import Appointment

ReminderState = Literal["not-sent", "no-answer", "confirmed", "cancelled", "failed"]


class ReminderStatus(BaseModel):
    """Where an appointment stands with its reminders."""

    appointment_id: str
    state: ReminderState
    reminders_sent: int
    last_sent: datetime | None = None
    answered_at: datetime | None = None


class WaitlistEntryView(BaseModel):
    """One waiting patient, as the console lists them."""

    entry_id: str
    patient_id: str | None
    practitioner_id: str | None
    service_type: str | None
    window_start: datetime | None
    window_end: datetime | None
    created: datetime | None
    offers: int
    last_offer: datetime | None


class DeadLetter(BaseModel):
    """A message that could not be delivered (or may not have been)."""

    communication_id: str
    kind: str | None
    status: str
    patient_id: str | None
    about: list[str]
    reason: str | None


async def reminder_status(backend: SchedulingBackend, appointment_id: str) -> ReminderStatus:
    """Confirmed / no answer / cancelled (or not sent yet, or failed) for one appointment."""
    appointment = await backend.get(Appointment, appointment_id)
    records = [
        read_record(c)
        for c in await backend.list_communications(about=f"Appointment/{appointment_id}")
    ]
    reminders = [r for r in records if r.kind == "reminder"]
    sent = [r for r in reminders if r.status == "completed"]
    answers = {r.in_response_to: r for r in records if r.kind == "inbound"}
    confirmed = next(
        (
            answers[r.id]
            for r in sent
            if r.id in answers and answers[r.id].meaning in ("confirm", "yes")
        ),
        None,
    )
    state: ReminderState
    if appointment.status == "cancelled":
        state = "cancelled"
    elif confirmed is not None:
        state = "confirmed"
    elif sent:
        state = "no-answer"
    elif any(r.status in ("not-done", "unknown") for r in reminders):
        state = "failed"
    else:
        state = "not-sent"
    return ReminderStatus(
        appointment_id=appointment_id,
        state=state,
        reminders_sent=len(sent),
        last_sent=max((r.sent for r in sent if r.sent), default=None),
        answered_at=confirmed.sent if confirmed else None,
    )


async def reminder_statuses(
    backend: SchedulingBackend, appointment_ids: Sequence[str]
) -> list[ReminderStatus]:
    """``reminder_status`` of several appointments, in order."""
    return [await reminder_status(backend, i) for i in appointment_ids]


async def waitlist(backend: SchedulingBackend) -> list[WaitlistEntryView]:
    """The waiting list, oldest entry first, with how often each patient was offered a slot."""
    views = await backend.list_appointments(statuses=["waitlist"], limit=500)
    offers = [
        read_record(c)
        for c in await backend.list_communications(category="waitlist-offer", limit=5000)
    ]
    out = []
    for view in views:
        entry = view.appointment
        mine = [r for r in offers if f"Appointment/{entry.id}" in r.about]
        period = entry.requestedPeriod[0] if entry.requestedPeriod else None
        services = [c.code for s in entry.serviceType or [] for c in s.coding or [] if c.code]
        out.append(
            WaitlistEntryView(
                entry_id=str(entry.id),
                patient_id=entry_patient(entry),
                practitioner_id=entry_practitioner(entry),
                service_type=services[0] if services else None,
                window_start=period.start if period else None,
                window_end=period.end if period else None,
                created=entry.created,
                offers=len(mine),
                last_offer=max((r.sent for r in mine if r.sent), default=None),
            )
        )
    return sorted(
        out, key=lambda e: (e.created is None, e.created.isoformat() if e.created else "")
    )


async def dead_letters(backend: SchedulingBackend, *, limit: int = 100) -> list[DeadLetter]:
    """Messages that failed for good or were interrupted mid-send, newest first."""
    found: list[MessageRecord] = []
    out = []
    for communication in await backend.list_communications(limit=2000):
        record = read_record(communication)
        if record.status in ("not-done", "unknown"):
            found.append(record)
            reason = communication.statusReason.text if communication.statusReason else None
            out.append(
                DeadLetter(
                    communication_id=record.id,
                    kind=record.kind,
                    status=record.status,
                    patient_id=record.patient_id,
                    about=record.about,
                    reason=reason,
                )
            )
    return out[:limit]
