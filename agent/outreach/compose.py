"""Putting a message together: the patient's contact, the facts, the wording, the key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.clinic import ClinicConfig
from agent.outreach.contacts import Contact, contact_of
from agent.outreach.messages import MessageKind, OutboundMessage
from agent.outreach.texts import Facts, render, subject
from agent.tools.views import location_address, practitioner_name
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import ResourceNotFoundError
from fhir_adapters.queries import AppointmentView
from fhir_adapters.resources import Patient, ref_id


@dataclass
class Composer:
    """Builds messages for one practice."""

    clinic: ClinicConfig
    backend: SchedulingBackend
    region: str = "FR"

    async def contact(self, patient_id: str) -> tuple[Patient, Contact] | None:
        """The patient and how to reach them (None when the record is gone)."""
        try:
            patient = await self.backend.get(Patient, patient_id)
        except ResourceNotFoundError:
            return None
        contact = contact_of(
            patient,
            default_channel=self.clinic.outreach.channel,
            default_language=self.clinic.default_language,
            region=self.region,
        )
        return patient, contact

    def facts(self, **values: Any) -> Facts:
        """The practice's facts plus ``values`` (when, practitioner, label, options...)."""
        return Facts(
            clinic=self.clinic.name,
            address=values.pop("address", None) or self.clinic.address,
            phone=self.clinic.phone,
            tz=self.clinic.time_zone,
            **values,
        )

    def appointment_facts(self, view: AppointmentView) -> Facts:
        """The facts of one appointment: when, with whom, where."""
        return self.facts(
            when=view.start,
            practitioner=practitioner_name(view.practitioner),
            address=location_address(view.location),
        )

    def build(
        self,
        kind: MessageKind,
        contact: Contact,
        *,
        key: str,
        facts: Facts,
        text: str | None = None,
        about: list[str] | None = None,
        **extra: Any,
    ) -> OutboundMessage | None:
        """The message ``kind`` (wording ``text``, default the kind) for ``contact``, or None
        when the patient has no address on any channel."""
        if contact.channel is None:
            return None
        address = contact.address(contact.channel)
        if address is None:
            return None
        return OutboundMessage(
            key=key,
            kind=kind,
            channel=contact.channel,
            to=address,
            language=contact.language,
            subject=subject(contact.language, facts) if contact.channel == "email" else None,
            body=render(text or kind, contact.language, facts),
            patient_id=contact.patient_id,
            about=about or [],
            **extra,
        )


def patient_of(view: AppointmentView) -> str | None:
    """The patient id of an appointment."""
    for participant in view.appointment.participant or []:
        found = ref_id(participant.actor, "Patient")
        if found:
            return found
    return None


def slot_of(view: AppointmentView) -> str | None:
    """The slot id an appointment occupies."""
    slots = view.appointment.slot or []
    return ref_id(slots[0], "Slot") if slots else None


def is_upcoming(view: AppointmentView, now: datetime) -> bool:
    """Booked and not started yet."""
    return view.appointment.status == "booked" and view.start > now
