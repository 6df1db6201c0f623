"""Patients' replies to our messages: what they answer, and what is done about it.

A reply is matched to the newest open question sent to that phone number (a reminder, a
cancellation question, a waitlist offer, a recall, a booking question); the question and
its answer are both Communications, so any process can pick the conversation up. What the
inbox does not handle (no open question, or a free sentence such as "can I come at 3
instead?") goes to the conversation engine, which applies the usual rules.

Writes only follow an explicit yes: "ANNULER" asks "do you want to cancel ...? reply YES"
first; a recall choice asks "shall I book ...? reply YES". STOP / ARRÊT and START work
whatever was asked.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel

from agent.outreach.contacts import Contact, with_opt_out
from agent.outreach.context import OutreachContext
from agent.outreach.messages import MessageKind, OutboundMessage
from agent.outreach.recalls import Recalls
from agent.outreach.records import MessageRecord, inbound_communication, read_record
from agent.outreach.sender import OUTREACH_ACTOR
from agent.outreach.waitlist import Waitlist
from agent.outreach.words import Meaning, meaning_of
from fhir_adapters.errors import InvalidRequestError, SchedulingError
from fhir_adapters.queries import PatientQuery
from fhir_adapters.resources import Patient

QUESTION_KINDS = frozenset(
    {"reminder", "cancel-question", "waitlist-offer", "recall", "booking-question"}
)
_OPEN_FOR = timedelta(days=7)


class InboxResult(BaseModel):
    """What the inbox did with one reply."""

    handled: bool
    replies: list[OutboundMessage] = []
    patient_id: str | None = None
    language: str | None = None
    duplicate: bool = False


class Inbox:
    """Answers replies for the outreach service."""

    def __init__(self, outreach: OutreachContext, *, waitlist: Waitlist, recalls: Recalls) -> None:
        self.o = outreach
        self.waitlist = waitlist
        self.recalls = recalls

    async def _open_question(
        self, patients: list[Patient]
    ) -> tuple[MessageRecord, Patient, Contact] | None:
        now = self.o.clock.now()
        best: tuple[MessageRecord, Patient, Contact] | None = None
        for patient in patients:
            found = await self.o.composer.contact(str(patient.id))
            if found is None:
                continue
            records = [
                read_record(c)
                for c in await self.o.backend.list_communications(
                    patient_id=str(patient.id), limit=40
                )
            ]
            answered = {r.in_response_to for r in records if r.kind == "inbound"}
            for record in records:  # newest first
                if (
                    record.kind in QUESTION_KINDS
                    and record.status == "completed"
                    and record.id not in answered
                    and record.sent is not None
                    and now - record.sent <= _OPEN_FOR
                ):
                    if best is None or (best[0].sent or now) < record.sent:
                        best = (record, found[0], found[1])
                    break
        return best

    async def receive(self, *, phone: str, text: str, message_id: str) -> InboxResult:
        """Handle one reply from ``phone``; ``message_id`` (e.g. Twilio's MessageSid) makes a
        redelivered webhook a no-op (``duplicate``)."""
        o = self.o
        try:
            patients = await o.backend.find_patients(PatientQuery(phone=phone))
        except InvalidRequestError:
            patients = []
        meaning, choice = meaning_of(text)
        subject: tuple[MessageRecord | None, Patient, Contact] | None = None
        subject = await self._open_question(patients)
        if subject is None and patients:
            found = await o.composer.contact(str(patients[0].id))
            subject = (None, found[0], found[1]) if found else None
        record = subject[0] if subject else None
        handled = bool(subject) and (
            meaning in ("stop", "start") or (record is not None and _handles(record.kind, meaning))
        )
        inbound = inbound_communication(
            key=f"inbound:{message_id}",
            patient_id=str(subject[1].id) if subject else None,
            meaning=meaning if handled else "other",
            about=record.about if record and handled else [],
            answers=record.id if record and handled else None,
            at=o.clock.now(),
        )
        _, created = await o.backend.create_communication(inbound, actor=OUTREACH_ACTOR)
        if subject is None:
            return InboxResult(handled=False, duplicate=not created)
        _, patient, contact = subject
        result = InboxResult(handled=handled, patient_id=str(patient.id), language=contact.language)
        if not created:
            return result.model_copy(update={"handled": True, "duplicate": True})
        if meaning in ("stop", "start"):
            result.replies = await self._opt(patients, contact, meaning, message_id)
        elif handled and record is not None:
            result.replies = await self._answer(record, contact, meaning, choice, message_id)
        return result

    async def _opt(
        self, patients: list[Patient], contact: Contact, meaning: Meaning, message_id: str
    ) -> list[OutboundMessage]:
        at = self.o.clock.now() if meaning == "stop" else None
        for patient in patients:  # everyone reached at this number: it is the number's choice
            await self.o.backend.update_patient(with_opt_out(patient, at), actor=OUTREACH_ACTOR)
        kind: MessageKind = "opt-out" if meaning == "stop" else "reply"
        text = "opt-out" if meaning == "stop" else "opt-in"
        reply = self.o.composer.build(
            kind, contact, key=f"{text}:{message_id}", facts=self.o.composer.facts(), text=text
        )
        return [reply] if reply else []

    def _reply(
        self,
        contact: Contact,
        text: str,
        message_id: str,
        *,
        when: object = None,
        kind: MessageKind = "reply",
        about: list[str] | None = None,
    ) -> list[OutboundMessage]:
        facts = self.o.composer.facts(when=when)
        reply = self.o.composer.build(
            kind, contact, key=f"{kind}:{message_id}", facts=facts, text=text, about=about
        )
        return [reply] if reply else []

    async def _answer(
        self,
        record: MessageRecord,
        contact: Contact,
        meaning: Meaning,
        choice: int | None,
        message_id: str,
    ) -> list[OutboundMessage]:
        o = self.o
        appointment_id = record.about_id("Appointment")
        if record.kind == "waitlist-offer":
            if meaning in ("yes", "confirm"):
                return await self.waitlist.accept(record, contact)
            return self._reply(contact, "offer-declined", message_id)
        if record.kind == "recall" and choice is not None:
            return await self.recalls.choose(record, contact, choice, message_id)
        if record.kind == "booking-question":
            return await self.recalls.answer(record, contact, meaning == "yes", message_id)
        if appointment_id is None:
            return []
        from agent.outreach.appointments import appointment_view

        view = await appointment_view(o.backend, appointment_id)
        when = view.start if view else None
        about = [f"Appointment/{appointment_id}"]
        if record.kind == "reminder" and meaning in ("confirm", "yes"):
            return self._reply(contact, "reminder-confirmed", message_id, when=when)
        if record.kind == "reminder" and meaning == "cancel":
            facts = o.composer.appointment_facts(view) if view else o.composer.facts()
            question = o.composer.build(
                "cancel-question",
                contact,
                key=f"cancel-question:{message_id}",
                facts=facts,
                about=about,
            )
            return [question] if question else []
        if record.kind == "cancel-question" and meaning == "yes":
            try:
                await o.backend.cancel(
                    appointment_id,
                    patient_id=contact.patient_id,
                    reason="cancelled by the patient's reply",
                    actor=OUTREACH_ACTOR,
                )
            except SchedulingError:
                return self._reply(contact, "not-understood", message_id)
            await o.queue.enqueue(
                [o.event_job("cancelled", {"appointment_id": appointment_id}, notify=False)]
            )
            return self._reply(contact, "cancelled", message_id, when=when, about=about)
        if record.kind == "cancel-question":
            return self._reply(contact, "cancel-kept", message_id, when=when)
        return []


def _handles(kind: str | None, meaning: Meaning) -> bool:
    """Whether the inbox answers ``meaning`` to a question of ``kind`` itself."""
    if kind == "reminder":
        return meaning in ("confirm", "yes", "cancel")
    if kind in ("cancel-question", "waitlist-offer", "booking-question"):
        return (
            meaning in ("yes", "no", "confirm")
            if kind != "cancel-question"
            else meaning
            in (
                "yes",
                "no",
            )
        )
    if kind == "recall":
        return meaning == "choice"
    return False
