"""The pieces every REST write is made of: reads with versions, checks, commits, audit
records, and the cancellation of one Appointment (transaction entries or guarded steps)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fhir_adapters.clock import Clock
from fhir_adapters.codings import accepts_visit, restricted_visits
from fhir_adapters.errors import (
    AppointmentNotFoundError,
    AppointmentStateError,
    BackendUnavailableError,
    InvalidRequestError,
    PatientNotFoundError,
    ResourceNotFoundError,
    SchedulingError,
    SlotInPastError,
    SlotNotFoundError,
    SlotTakenError,
    VersionConflictError,
)
from fhir_adapters.queries import Actor
from fhir_adapters.rest.capabilities import CapabilityCache
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.directory import Directory
from fhir_adapters.rest.records import (
    IDEMPOTENCY_SYSTEM,
    audit_event,
    cancelled,
    is_bookable,
    parse_instant,
    patient_of,
    slot_ids_of,
    version_of,
    with_status,
)
from fhir_adapters.rest.search import search
from fhir_adapters.rest.transactions import Change, apply_one, best_effort, transact
from fhir_adapters.rest.vendors import VendorProfile

log = logging.getLogger(__name__)
Json = dict[str, Any]

ACTIVE_STATUSES = frozenset({"proposed", "pending", "booked", "waitlist"})
"""Appointment statuses that can still be cancelled or moved."""
ROUNDS = 3
"""Fresh attempts after a lost race on a version or an exhausted retry budget."""


@dataclass
class WriterBase:
    """Shared state and steps of the REST backend's writes."""

    client: FhirClient
    caps: CapabilityCache
    profile: VendorProfile
    directory: Directory
    clock: Clock
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def use_transactions(self) -> bool:
        """Whether changes go in one transaction Bundle."""
        if self.profile.transactions is not None:
            return self.profile.transactions
        return (await self.caps.get()).transactions

    async def commit(self, changes: list[Change]) -> list[Json]:
        """Apply changes together (transaction) or in order (no rollback; audit best effort)."""
        if await self.use_transactions():
            return await transact(self.client, changes)
        results = []
        for change in changes:
            if change.resource["resourceType"] == "AuditEvent":
                await best_effort(self.client, change)
            else:
                results.append(await apply_one(self.client, change))
        return results

    def audit(self, action: str, what: str, actor: Actor, label: str) -> Change:
        """An AuditEvent change for a write of ``what`` (a reference or a urn:uuid)."""
        return Change(audit_event(action, what, actor, self.clock.now(), label), method="POST")

    async def backoff(self, attempt: int) -> None:
        """Wait before asking a struggling server again."""
        await self.sleep(min(5.0, 0.2 * 2**attempt))

    # ---- reads ------------------------------------------------------------------------

    async def read(self, rtype: str, rid: str) -> Json:
        """GET one resource, its version in meta (ResourceNotFoundError when absent)."""
        response = await self.client.request("GET", f"{rtype}/{rid}")
        body = response.body or {}
        if response.version and not version_of(body):
            body.setdefault("meta", {})["versionId"] = response.version
        return body

    async def read_slot(self, slot_id: str) -> Json:
        """The slot, or SlotNotFoundError."""
        try:
            return await self.read("Slot", slot_id)
        except ResourceNotFoundError as exc:
            raise SlotNotFoundError(detail=exc.detail) from None

    async def read_appointment(self, appointment_id: str, patient_id: str | None) -> Json:
        """The appointment, refused as not found when it belongs to another patient."""
        try:
            appointment = await self.read("Appointment", appointment_id)
        except ResourceNotFoundError as exc:
            raise AppointmentNotFoundError(detail=exc.detail) from None
        if patient_id is not None and patient_of(appointment) != patient_id:
            # Same answer as "does not exist": a caller learns nothing about others' visits.
            raise AppointmentNotFoundError(detail="appointment of another patient")
        return appointment

    async def by_key(self, key: str) -> Json | None:
        """The Appointment carrying idempotency key ``key``, if any."""
        found, _ = await search(
            self.client,
            "Appointment",
            [("identifier", f"{IDEMPOTENCY_SYSTEM}|{key}")],
            max_pages=1,
            limit=1,
        )
        return found[0] if found else None

    async def settle(self, key: str) -> Json | None:
        """Find out, insistently, whether a booking with ``key`` is in effect after a failure.

        Raises:
            BackendUnavailableError: the server never answered; the outcome is unknown and
                only a retry with the same key is safe.
        """
        for attempt in range(ROUNDS * 2):
            try:
                found = await self.by_key(key)
            except BackendUnavailableError:
                await self.backoff(attempt)
                continue
            # A booking undone by a failed guarded reschedule is not a success.
            return found if found is not None and found.get("status") != "cancelled" else None
        raise BackendUnavailableError(
            "The scheduling system did not confirm the booking. Please try again in a moment.",
            detail="booking outcome unknown after retries; retry with the same idempotency key",
        )

    # ---- checks -----------------------------------------------------------------------

    def check_slot(
        self, slot: Json, hold_token: str | None, service_type: str | None = None
    ) -> None:
        """Raise SlotInPastError / SlotTakenError / InvalidRequestError unless bookable now."""
        now = self.clock.now()
        start = parse_instant(slot.get("start"))
        if start is None or start <= now:
            raise SlotInPastError()
        if not is_bookable(slot, now, hold_token):
            raise SlotTakenError()
        if not accepts_visit(slot.get("serviceType"), service_type):
            offered = ", ".join(restricted_visits(slot.get("serviceType")))
            raise InvalidRequestError(
                f"That time slot is not for a {service_type} visit; it takes: {offered}."
            )

    async def check_patient(self, patient_id: str) -> None:
        """Raise PatientNotFoundError unless the patient exists."""
        try:
            await self.read("Patient", patient_id)
        except ResourceNotFoundError as exc:
            raise PatientNotFoundError(detail=exc.detail) from None

    def check_changeable(self, appointment: Json) -> None:
        """Raise AppointmentStateError unless the appointment can still be cancelled or moved."""
        if appointment.get("status") not in ACTIVE_STATUSES:
            raise AppointmentStateError(
                f"That appointment is {appointment.get('status')} and can no longer be changed."
            )
        start = parse_instant(appointment.get("start"))
        if start is not None and start <= self.clock.now():
            raise AppointmentStateError("That appointment has already started or is over.")

    # ---- cancelling one appointment ---------------------------------------------------

    def status_change(self, appointment: Json, reason: str | None) -> Change:
        """The write that cancels ``appointment``: a PUT, or a JSON PATCH where the vendor wants."""
        if self.profile.update_method == "PATCH":
            return Change(
                {"resourceType": "Appointment", "id": appointment["id"]},
                method="PATCH",
                patch=[{"op": "replace", "path": "/status", "value": "cancelled"}],
                if_match=version_of(appointment),
            )
        return Change(cancelled(appointment, reason), if_match=version_of(appointment))

    async def cancel_entries(
        self, appointment: Json, actor: Actor, label: str, reason: str | None
    ) -> list[Change]:
        """Transaction entries cancelling ``appointment`` and freeing its Slots."""
        self.check_changeable(appointment)
        changes = [self.status_change(appointment, reason)]
        if not self.profile.server_books_slot:
            for slot_id in slot_ids_of(appointment):
                try:
                    slot = await self.read_slot(slot_id)
                except SlotNotFoundError:
                    continue
                if slot.get("status") in ("busy", "busy-tentative"):
                    changes.append(Change(with_status(slot, "free"), if_match=version_of(slot)))
        changes.append(self.audit("update", f"Appointment/{appointment['id']}", actor, label))
        return changes

    async def cancel_guarded(
        self, appointment: Json, actor: Actor, label: str, reason: str | None
    ) -> None:
        """Cancel without a transaction: the Appointment first (the step that matters), then
        free its Slots as best it can (a Slot left busy is unusable, never double-booked).

        Raises:
            VersionConflictError, BackendUnavailableError: the Appointment is not cancelled.
        """
        self.check_changeable(appointment)
        try:
            await apply_one(self.client, self.status_change(appointment, reason))
        except (VersionConflictError, BackendUnavailableError):
            current = await self.read("Appointment", str(appointment["id"]))
            if current.get("status") != "cancelled":
                raise
        await self.free_left_behind(appointment, actor)
        await best_effort(
            self.client, self.audit("update", f"Appointment/{appointment['id']}", actor, label)
        )

    async def free_left_behind(self, appointment: Json, actor: Actor) -> None:
        """Free the busy Slots of a cancelled Appointment that no active one holds."""
        if self.profile.server_books_slot:
            return  # the server frees them itself
        for slot_id in slot_ids_of(appointment):
            for attempt in range(ROUNDS * 2):
                try:
                    if await self._free_if_unheld(slot_id, actor):
                        break
                except SlotNotFoundError:
                    break
                except SchedulingError as exc:
                    log.warning("slot %s not freed yet: %s", slot_id, exc.detail)
                    await self.backoff(attempt)
            else:
                log.error("slot %s left busy after a cancel", slot_id)

    async def _free_if_unheld(self, slot_id: str, actor: Actor) -> bool:
        slot = await self.read_slot(slot_id)
        if slot.get("status") != "busy":
            return True
        holders, _ = await search(
            self.client,
            "Appointment",
            [("slot", f"Slot/{slot_id}"), ("status", ",".join(sorted(ACTIVE_STATUSES)))],
            max_pages=1,
            limit=1,
        )
        if holders:
            return True
        await apply_one(self.client, Change(with_status(slot, "free"), if_match=version_of(slot)))
        await best_effort(self.client, self.audit("update", f"Slot/{slot_id}", actor, "free"))
        return True
