"""What the staff console's outreach page shows: where each upcoming visit stands with its
reminders, and what became of each waitlist offer. Read-only, over any backend.

A visit's reminder *stage* is the furthest it got: ``scheduled`` (planned, none sent yet),
``sent`` (the provider took it), ``delivered`` (the carrier said so), ``failed`` (dead letter
or undelivered), ``replied`` (the patient answered: confirmed or asked to cancel).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel

from agent.clinic import ClinicConfig
from agent.outreach.compose import patient_of
from agent.outreach.records import MessageRecord, read_record
from agent.outreach.reminders import reminder_jobs
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.queries import AppointmentView

ReminderStage = Literal["none", "scheduled", "sent", "delivered", "failed", "replied"]
OfferOutcome = Literal["pending", "accepted", "declined", "gone", "expired", "failed"]
_FAILED = ("not-done", "unknown")


class ReminderRow(BaseModel):
    """One upcoming visit and its reminders."""

    appointment_id: str
    start: datetime
    patient_id: str | None
    practitioner: str | None
    stage: ReminderStage
    reminders_sent: int
    last_sent: datetime | None = None
    next_at: datetime | None = None
    answer: str | None = None
    failure: str | None = None


class OfferRow(BaseModel):
    """One waitlist offer and what became of it."""

    communication_id: str
    entry_id: str | None
    slot_id: str | None
    patient_id: str | None
    sent: datetime | None
    expires_at: datetime | None
    outcome: OfferOutcome


def _name(view: AppointmentView) -> str | None:
    names = view.practitioner.name if view.practitioner else None
    if not names:
        return None
    name = names[0]
    parts = [*(name.prefix or []), *(name.given or []), name.family]
    return name.text or " ".join(str(p) for p in parts if p)


def _stage(reminders: list[MessageRecord], answer: MessageRecord | None) -> ReminderStage:
    if answer is not None:
        return "replied"
    if not reminders:
        return "none"
    latest = max(reminders, key=lambda r: (r.sent is not None, r.sent or datetime.min))
    if latest.status in _FAILED or latest.delivery == "failed":
        return "failed"
    if latest.delivery in ("delivered", "read"):
        return "delivered"
    return "sent" if latest.status == "completed" else "scheduled"


async def reminder_rows(
    backend: SchedulingBackend, clinic: ClinicConfig, *, now: datetime, days: int = 7
) -> list[ReminderRow]:
    """Booked visits of the next ``days`` days, earliest first, with their reminder stage."""
    views = await backend.list_appointments(
        statuses=["booked"], start=now, end=now + timedelta(days=days), limit=500
    )
    replies = {
        r.in_response_to: r
        for c in await backend.list_communications(category="inbound", limit=5000)
        if (r := read_record(c)).in_response_to
    }
    rows = []
    for view in views:
        about = f"Appointment/{view.appointment_id}"
        records = [read_record(c) for c in await backend.list_communications(about=about)]
        reminders = [r for r in records if r.kind == "reminder"]
        answer = next((replies[r.id] for r in reminders if r.id in replies), None)
        planned = reminder_jobs(view, clinic.outreach, now=now, zone=clinic.zone)
        sent_keys = {r.key for r in reminders}
        upcoming = [j.run_at for j in planned if j.key not in sent_keys]
        stage = _stage(reminders, answer)
        if stage == "none" and upcoming:
            stage = "scheduled"
        failed = next((r for r in reminders if r.status in _FAILED), None)
        rows.append(
            ReminderRow(
                appointment_id=view.appointment_id,
                start=view.start,
                patient_id=patient_of(view),
                practitioner=_name(view),
                stage=stage,
                reminders_sent=sum(1 for r in reminders if r.status == "completed"),
                last_sent=max((r.sent for r in reminders if r.sent), default=None),
                next_at=min(upcoming, default=None),
                answer=answer.meaning if answer else None,
                failure=failed.kind if failed else None,
            )
        )
    return sorted(rows, key=lambda r: r.start)


async def offer_rows(
    backend: SchedulingBackend, *, now: datetime, limit: int = 100
) -> list[OfferRow]:
    """The latest waitlist offers, newest first, with their outcome."""
    offers = [
        read_record(c)
        for c in await backend.list_communications(category="waitlist-offer", limit=limit)
    ]
    answers = {
        r.in_response_to: r.meaning
        for c in await backend.list_communications(category="inbound", limit=5000)
        if (r := read_record(c)).in_response_to
    }
    gone = {
        (r.about_id("Slot"), r.about_id("Appointment"))
        for c in await backend.list_communications(category="waitlist-gone", limit=5000)
        if (r := read_record(c))
    }
    rows = []
    for offer in offers:
        slot_id, entry_id = offer.about_id("Slot"), offer.about_id("Appointment")
        meaning = answers.get(offer.id)
        outcome: OfferOutcome
        if offer.status in _FAILED or offer.delivery == "failed":
            outcome = "failed"
        elif (slot_id, entry_id) in gone:
            outcome = "gone"
        elif meaning in ("yes", "confirm"):
            outcome = "accepted"
        elif meaning is not None:
            outcome = "declined"
        elif offer.expires_at is not None and offer.expires_at <= now:
            outcome = "expired"
        else:
            outcome = "pending"
        rows.append(
            OfferRow(
                communication_id=offer.id,
                entry_id=entry_id,
                slot_id=slot_id,
                patient_id=offer.patient_id,
                sent=offer.sent,
                expires_at=offer.expires_at,
                outcome=outcome,
            )
        )
    return rows
