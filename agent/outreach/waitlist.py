"""The waiting list: entries, offers of a freed slot, and the first yes that wins it.

An entry is an Appointment ``waitlist`` with the patient, optionally a practitioner and a
visit type, and a ``requestedPeriod`` (FHIR's own way of saying "any time in this window").
When a slot frees, the best-matching entries (those naming the slot's practitioner first,
then the oldest) are offered it at once and the slot is held for them. A yes books through
the backend's ordinary guarded booking with the hold's token, so of any number of yeses
exactly one books and every other patient is told the slot is gone.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from agent.clinic.outreach import parse_duration
from agent.outreach.compose import Contact
from agent.outreach.context import OutreachContext
from agent.outreach.entries import waitlist_entry
from agent.outreach.jobs import Defer, Job
from agent.outreach.messages import OutboundMessage
from agent.outreach.quiet import is_quiet, next_allowed
from agent.outreach.records import MessageRecord, read_record
from agent.outreach.sender import OUTREACH_ACTOR
from fhir_adapters.errors import (
    InvalidRequestError,
    ResourceNotFoundError,
    SchedulingError,
    SlotInPastError,
    SlotNotFoundError,
    SlotTakenError,
)
from fhir_adapters.queries import BookingRequest, Hold
from fhir_adapters.resources import Appointment, Schedule, Slot, ref_id

_MAX_ROUNDS = 3


def _codes(concepts: Any) -> set[str]:
    return {str(c.code) for cc in concepts or [] for c in cc.coding or [] if c.code}


def entry_practitioner(entry: Appointment) -> str | None:
    """The practitioner a waitlist entry asks for (None: anyone)."""
    return next(
        (i for p in entry.participant or [] if (i := ref_id(p.actor, "Practitioner"))), None
    )


def entry_patient(entry: Appointment) -> str | None:
    """The waiting patient."""
    return next((i for p in entry.participant or [] if (i := ref_id(p.actor, "Patient"))), None)


class Waitlist:
    """Waitlist entries and offers, for the outreach service."""

    def __init__(self, outreach: OutreachContext) -> None:
        self.o = outreach

    # ---- entries -----------------------------------------------------------------------

    async def join(
        self,
        patient_id: str,
        *,
        practitioner_id: str | None = None,
        service_type: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> Appointment:
        """Put a patient on the waiting list (any channel: chat, phone, staff)."""
        entry = waitlist_entry(
            patient_id,
            now=self.o.clock.now(),
            practitioner_id=practitioner_id,
            service_type=service_type,
            start=start,
            end=end,
        )
        return await self.o.backend.add_to_waitlist(entry, actor=OUTREACH_ACTOR)

    async def entries(self) -> list[Appointment]:
        """Every waiting entry, oldest first."""
        views = await self.o.backend.list_appointments(statuses=["waitlist"], limit=500)
        entries = [v.appointment for v in views]
        return sorted(entries, key=lambda e: (str(e.created or ""), str(e.id)))

    def _fits(self, entry: Appointment, slot: Slot, practitioner_id: str | None) -> bool:
        wanted = entry_practitioner(entry)
        if wanted and wanted != practitioner_id:
            return False
        services = _codes(entry.serviceType)
        offered = _codes(slot.serviceType)
        if services and offered and not services & offered:
            return False
        start = slot.start
        periods = entry.requestedPeriod or []
        if not periods:
            window = parse_duration(self.o.config.waitlist.window)
            return start <= self.o.clock.now() + window  # type: ignore[operator]
        return any(
            (p.start is None or p.start <= start) and (p.end is None or start < p.end)  # type: ignore[operator]
            for p in periods
        )

    # ---- offers ------------------------------------------------------------------------

    def job(
        self, slot_id: str, freed_id: str, round_number: int = 1, at: datetime | None = None
    ) -> Job:
        """The job offering ``slot_id`` (freed by appointment ``freed_id``) to the waitlist."""
        return Job(
            kind="waitlist",
            key=f"waitlist:{slot_id}:{freed_id}:{round_number}",
            run_at=at or self.o.clock.now(),
            payload={"slot_id": slot_id, "freed_id": freed_id, "round": round_number},
        )

    async def _offered(self, slot_id: str) -> list[MessageRecord]:
        found = await self.o.backend.list_communications(
            about=f"Slot/{slot_id}", category="waitlist-offer", limit=500
        )
        return [read_record(c) for c in found]

    async def _practitioner_of(self, slot: Slot) -> str | None:
        schedule_id = ref_id(slot.schedule, "Schedule")
        if schedule_id is None:
            return None
        try:
            schedule = await self.o.backend.get(Schedule, schedule_id)
        except ResourceNotFoundError:
            return None
        return next((i for a in schedule.actor or [] if (i := ref_id(a, "Practitioner"))), None)

    async def offer_job(self, job: Job) -> None:
        """Offer a freed slot to the best-matching waiting patients and hold it for them."""
        o, now = self.o, self.o.clock.now()
        rules = o.config.waitlist
        slot_id, freed_id = str(job.payload["slot_id"]), str(job.payload["freed_id"])
        round_number = int(job.payload.get("round", 1))
        entries = await self.entries()
        if not entries:
            return
        if is_quiet(now, o.config.quiet_hours, o.clinic.zone):
            raise Defer(next_allowed(now, o.config.quiet_hours, o.clinic.zone))
        try:
            slot = await o.backend.get(Slot, slot_id)
        except ResourceNotFoundError:
            return
        if slot.start is None or slot.start <= now:
            return
        offered = await self._offered(slot_id)
        prefix = f"offer:{slot_id}:{freed_id}:{round_number}:"
        if any((r.key or "").startswith(prefix) for r in offered):
            return  # this round already ran (a rerun of the same job)
        if slot.status == "busy-tentative":
            raise Defer(now + rules.hold_for)  # someone's hold: look again once it lapsed
        if slot.status != "free":
            return
        practitioner_id = await self._practitioner_of(slot)
        already = {r.patient_id for r in offered}
        chosen: list[tuple[Appointment, Contact]] = []
        ranked = sorted(entries, key=lambda e: entry_practitioner(e) is None)  # named first
        for entry in ranked:
            patient_id = entry_patient(entry)
            if (
                not patient_id
                or patient_id in already
                or not self._fits(entry, slot, practitioner_id)
            ):
                continue
            found = await o.composer.contact(patient_id)
            if found is None or found[1].opted_out or found[1].channel is None:
                continue
            chosen.append((entry, found[1]))
            already.add(patient_id)
            if len(chosen) >= rules.offer_to:
                break
        if not chosen:
            return
        try:
            hold = await o.backend.hold_slot(slot_id, duration=rules.hold_for, actor=OUTREACH_ACTOR)
        except (SlotTakenError, SlotInPastError, SlotNotFoundError):
            return
        minutes = int(rules.hold_for.total_seconds() // 60)
        facts = o.composer.facts(when=slot.start, minutes=minutes)
        for entry, contact in chosen:
            message = o.composer.build(
                "waitlist-offer",
                contact,
                key=f"{prefix}{entry.id}",
                facts=facts,
                about=[f"Slot/{slot_id}", f"Appointment/{entry.id}"],
                hold_token=hold.token,
                expires_at=hold.expires_at,
            )
            if message is not None:
                await o.sender.deliver(message)
        await o.queue.enqueue(
            [
                Job(
                    kind="waitlist-expire",
                    key=f"waitlist-expire:{slot_id}:{hold.token}",
                    run_at=hold.expires_at + timedelta(seconds=1),
                    payload={
                        **job.payload,
                        "token": hold.token,
                        "expires_at": hold.expires_at.isoformat(),
                    },
                )
            ]
        )

    async def expire_job(self, job: Job) -> None:
        """Nobody said yes in time: give the hold back and offer the slot to the next ones."""
        o = self.o
        slot_id = str(job.payload["slot_id"])
        hold = Hold(
            slot_id=slot_id,
            token=str(job.payload["token"]),
            expires_at=datetime.fromisoformat(str(job.payload["expires_at"])),
        )
        await o.backend.release_hold(hold, actor=OUTREACH_ACTOR)
        round_number = int(job.payload.get("round", 1))
        if round_number < _MAX_ROUNDS:
            await o.queue.enqueue(
                [self.job(slot_id, str(job.payload["freed_id"]), round_number + 1)]
            )

    # ---- answers -----------------------------------------------------------------------

    async def accept(self, offer: MessageRecord, contact: Contact) -> list[OutboundMessage]:
        """The patient said yes to ``offer``: book it for them, or tell them it is gone."""
        o = self.o
        slot_id, entry_id = offer.about_id("Slot"), offer.about_id("Appointment")
        if slot_id is None or entry_id is None:
            return []
        service = None
        try:
            entry = await o.backend.get(Appointment, entry_id)
            service = next(iter(sorted(_codes(entry.serviceType))), None)
        except ResourceNotFoundError:
            pass
        request = BookingRequest(
            slot_id=slot_id,
            patient_id=contact.patient_id,
            idempotency_key=f"waitlist:{offer.id}",
            hold_token=offer.hold_token,
            service_type=service,
            actor=OUTREACH_ACTOR,
        )
        try:
            try:
                booked = await o.backend.book(request)
            except InvalidRequestError:  # the slot takes another visit type: book it as is
                booked = await o.backend.book(request.model_copy(update={"service_type": None}))
        except (SlotTakenError, SlotInPastError, SlotNotFoundError):
            gone = await self._gone_message(slot_id, entry_id, contact)
            return [gone] if gone else []
        # The entry is fulfilled: withdraw it (already withdrawn is fine, the booking stands).
        with contextlib.suppress(SchedulingError):
            await o.backend.cancel(
                entry_id,
                patient_id=contact.patient_id,
                reason="booked from the waiting list",
                actor=OUTREACH_ACTOR,
            )
        data = {"appointment_id": str(booked.id)}
        await o.queue.enqueue([o.event_job("booked", data, notify=False)])
        await self._tell_the_others(offer, slot_id)
        facts = o.composer.facts(when=booked.start)
        reply = o.composer.build(
            "reply",
            contact,
            key=f"waitlist-booked:{booked.id}",
            facts=facts,
            text="waitlist-booked",
            about=[f"Appointment/{booked.id}"],
        )
        return [reply] if reply else []

    async def _gone_message(
        self, slot_id: str, entry_id: str, contact: Contact
    ) -> OutboundMessage | None:
        slot_start = None
        with contextlib.suppress(ResourceNotFoundError):
            slot_start = (await self.o.backend.get(Slot, slot_id)).start
        return self.o.composer.build(
            "waitlist-gone",
            contact,
            key=f"gone:{slot_id}:{entry_id}",
            facts=self.o.composer.facts(when=slot_start),
            about=[f"Slot/{slot_id}", f"Appointment/{entry_id}"],
        )

    async def _tell_the_others(self, winner: MessageRecord, slot_id: str) -> None:
        for record in await self._offered(slot_id):
            entry_id = record.about_id("Appointment")
            if record.id == winner.id or record.patient_id is None or entry_id is None:
                continue
            found = await self.o.composer.contact(record.patient_id)
            if found is None:
                continue
            message = await self._gone_message(slot_id, entry_id, found[1])
            if message is not None:
                await self.o.sender.deliver(message)
