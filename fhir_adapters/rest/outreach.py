"""RestBackend's outreach records: messages (Communication) and waitlist entries.

The FHIR details (If-None-Exist on the message key, If-Match on replacements) live in
``communications``; this class is the protocol's face of them.
"""

from __future__ import annotations

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Appointment, Communication, check_status
from fhir_adapters.rest import communications
from fhir_adapters.rest.record_writes import RecordWrites
from fhir_adapters.rest.records import to_json, typed


class OutreachRecords(RecordWrites):
    """List, create and update Communications; put a patient on the waitlist."""

    async def list_communications(
        self,
        *,
        patient_id: str | None = None,
        about: str | None = None,
        category: str | None = None,
        limit: int = 100,
    ) -> list[Communication]:
        found = await communications.list_communications(
            self.client,
            patient_id=patient_id,
            about=about,
            category=category,
            limit=limit,
            max_count=self.profile.max_count,
            max_pages=self.max_pages,
        )
        return [typed(c, Communication) for c in found]

    async def create_communication(
        self, communication: Communication, *, actor: Actor
    ) -> tuple[Communication, bool]:
        check_status(communication)
        stored, created = await communications.create_communication(
            self._writer, to_json(communication), actor
        )
        return typed(stored, Communication), created

    async def update_communication(
        self, communication: Communication, *, actor: Actor
    ) -> Communication:
        check_status(communication)
        body = await communications.replace_versioned(
            self._writer, to_json(communication), actor, "message"
        )
        return typed(body, Communication)

    async def add_to_waitlist(self, entry: Appointment, *, actor: Actor) -> Appointment:
        if entry.status != "waitlist":
            raise InvalidRequestError("A waitlist entry is an Appointment with status waitlist.")
        return typed(await self._create(entry, actor, "waitlist"), Appointment)
