"""Recall campaigns: patients due for a visit, found in the EHR's appointments, invited with
a few free slots they can book by replying with a number (then YES).

Each campaign runs as a job; it sends at most ``recall_rate_per_hour`` invitations and queues
itself again an hour later for the rest. One invitation per patient per triggering visit
(its message key names the visit), so a campaign run twice invites nobody twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from agent.clinic.outreach import RecallCampaign, parse_duration
from agent.outreach.compose import patient_of
from agent.outreach.contacts import Contact
from agent.outreach.context import OutreachContext
from agent.outreach.jobs import Defer, Job
from agent.outreach.messages import OutboundMessage
from agent.outreach.quiet import is_quiet, next_allowed
from agent.outreach.records import MessageRecord, read_record
from agent.outreach.reminders import service_type_of
from agent.outreach.sender import OUTREACH_ACTOR
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError, SchedulingError
from fhir_adapters.queries import AppointmentView, BookingRequest, SlotQuery
from fhir_adapters.resources import Slot

_VISITED = {"booked", "arrived", "fulfilled", "checked-in"}


class RecallReport(BaseModel):
    """What one campaign achieved so far."""

    campaign: str
    due: int
    reached: int
    booked: int
    opted_out: int


def due_visits(
    views: list[AppointmentView], campaign: RecallCampaign, now: datetime
) -> dict[str, str]:
    """Patient id -> id of the visit that makes them due for ``campaign``."""
    after = parse_duration(campaign.after)
    last: dict[str, AppointmentView] = {}
    booked_since: dict[str, datetime] = {}
    for view in views:
        patient_id = patient_of(view)
        if patient_id is None or view.appointment.status not in _VISITED:
            continue
        service = service_type_of(view)
        later = patient_id not in last or last[patient_id].start < view.start
        if service in campaign.after_service and view.start <= now and later:
            last[patient_id] = view
        if service == campaign.book_service:
            booked_since[patient_id] = max(booked_since.get(patient_id, view.start), view.start)
    return {
        patient_id: view.appointment_id
        for patient_id, view in last.items()
        if now - view.start >= after and booked_since.get(patient_id, view.start) <= view.start
    }


class Recalls:
    """Recall campaigns for the outreach service."""

    def __init__(self, outreach: OutreachContext) -> None:
        self.o = outreach

    def job(self, campaign: str, at: datetime | None = None) -> Job:
        """The job running ``campaign`` (one per hour at most)."""
        at = at or self.o.clock.now()
        return Job(
            kind="recall",
            key=f"recall:{campaign}:{at.strftime('%Y%m%d%H')}",
            run_at=at,
            payload={"campaign": campaign},
        )

    def _campaign(self, key: str) -> RecallCampaign | None:
        return next((c for c in self.o.config.recalls if c.key == key), None)

    async def _due(self, campaign: RecallCampaign) -> dict[str, str]:
        views = await self.o.backend.list_appointments(limit=100_000)
        return due_visits(views, campaign, self.o.clock.now())

    async def run_job(self, job: Job) -> None:
        """Invite the next batch of due patients."""
        o, now = self.o, self.o.clock.now()
        campaign = self._campaign(str(job.payload["campaign"]))
        if campaign is None:
            return
        if is_quiet(now, o.config.quiet_hours, o.clinic.zone):
            raise Defer(next_allowed(now, o.config.quiet_hours, o.clinic.zone))
        slots = await o.backend.find_slots(
            SlotQuery(service_type=campaign.book_service, start=now, limit=campaign.offer_slots)
        )
        if not slots:
            return
        sent = await self._invited(campaign.key)
        budget = o.config.recall_rate_per_hour
        for patient_id, visit_id in sorted((await self._due(campaign)).items()):
            key = f"recall:{campaign.key}:{patient_id}:{visit_id}"
            if key in sent:
                continue
            if budget <= 0:
                await o.queue.enqueue([self.job(campaign.key, now + timedelta(hours=1))])
                return
            found = await o.composer.contact(patient_id)
            if found is None or found[1].opted_out:
                continue
            facts = o.composer.facts(
                label=campaign.label.get(found[1].language), options=[s.start for s in slots]
            )
            message = o.composer.build(
                "recall", found[1], key=key, facts=facts, about=[f"Slot/{s.slot_id}" for s in slots]
            )
            if message is not None:
                await o.sender.deliver(message)
                budget -= 1

    async def _invited(self, campaign: str) -> set[str]:
        found = await self.o.backend.list_communications(category="recall", limit=100_000)
        return {
            r.key
            for c in found
            if (r := read_record(c)).key and r.key.startswith(f"recall:{campaign}:")
        }

    async def choose(
        self, record: MessageRecord, contact: Contact, choice: int, message_id: str
    ) -> list[OutboundMessage]:
        """The patient picked option ``choice``: read it back and ask for a yes."""
        slots = [r for r in record.about if r.startswith("Slot/")]
        if not 1 <= choice <= len(slots):
            return []
        slot_ref = slots[choice - 1]
        try:
            slot = await self.o.backend.get(Slot, slot_ref.split("/", 1)[1])
        except ResourceNotFoundError:
            slot = None
        campaign = (record.key or "recall:?").split(":")[1]
        if slot is None or slot.status != "free":
            return self._reply(contact, "slot-gone", f"reply:{message_id}")
        question = self.o.composer.build(
            "booking-question",
            contact,
            key=f"booking-question:{campaign}:{message_id}",
            facts=self.o.composer.facts(when=slot.start),
            about=[slot_ref],
        )
        return [question] if question else []

    async def answer(
        self, record: MessageRecord, contact: Contact, yes: bool, message_id: str
    ) -> list[OutboundMessage]:
        """The patient answered a booking question: book on yes, nothing on no."""
        slot_id = record.about_id("Slot")
        if not yes or slot_id is None:
            return self._reply(contact, "booking-declined", f"reply:{message_id}")
        campaign = (record.key or "booking-question:?").split(":")[1]
        found = self._campaign(campaign)
        request = BookingRequest(
            slot_id=slot_id,
            patient_id=contact.patient_id,
            idempotency_key=f"recall:{record.id}",
            service_type=found.book_service if found else None,
            actor=OUTREACH_ACTOR,
        )
        try:
            try:
                booked = await self.o.backend.book(request)
            except InvalidRequestError:  # the slot takes another visit type: book it as is
                booked = await self.o.backend.book(
                    request.model_copy(update={"service_type": None})
                )
        except SchedulingError:
            return self._reply(contact, "slot-gone", f"reply:{message_id}")
        await self.o.queue.enqueue(
            [self.o.event_job("booked", {"appointment_id": str(booked.id)}, notify=False)]
        )
        reply = self.o.composer.build(
            "reply",
            contact,
            key=f"recall-booked:{campaign}:{booked.id}",
            facts=self.o.composer.facts(when=booked.start),
            text="waitlist-booked",
            about=[f"Appointment/{booked.id}"],
        )
        return [reply] if reply else []

    def _reply(self, contact: Contact, text: str, key: str) -> list[OutboundMessage]:
        reply = self.o.composer.build(
            "reply", contact, key=key, facts=self.o.composer.facts(), text=text
        )
        return [reply] if reply else []

    async def report(self, campaign_key: str) -> RecallReport:
        """Due, reached, booked and opted-out patients of one campaign."""
        campaign = self._campaign(campaign_key)
        if campaign is None:
            raise ValueError(f"no recall campaign {campaign_key!r} in the clinic file")
        due = await self._due(campaign)
        recalls = [
            read_record(c)
            for c in await self.o.backend.list_communications(category="recall", limit=100_000)
        ]
        mine = [r for r in recalls if (r.key or "").startswith(f"recall:{campaign_key}:")]
        reached = {r.patient_id for r in mine if r.status == "completed"}
        # Booked: appointments in the EHR made under the key of one of its booking questions.
        questions = await self.o.backend.list_communications(
            category="booking-question", limit=100_000
        )
        keys = {
            f"recall:{r.id}"
            for c in questions
            if ((r := read_record(c)).key or "").startswith(f"booking-question:{campaign_key}:")
        }
        views = await self.o.backend.list_appointments(statuses=["booked"], limit=100_000)
        booked = sum(
            1 for v in views if any(i.value in keys for i in v.appointment.identifier or [])
        )
        opted_out = 0
        for patient_id in reached | set(due):
            found = await self.o.composer.contact(str(patient_id))
            opted_out += bool(found and found[1].opted_out)
        return RecallReport(
            campaign=campaign_key,
            due=len(due),
            reached=len(reached),
            booked=booked,
            opted_out=opted_out,
        )
