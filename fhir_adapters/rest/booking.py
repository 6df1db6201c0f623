"""Booking, cancelling and rescheduling over FHIR REST, exactly once.

With transactions (HAPI, Medplum, most generic servers) a booking is one Bundle: the Slot
PUT to ``busy`` with ``ifMatch`` on the version just read, the Appointment POSTed with
``ifNoneExist`` on its idempotency identifier, and the AuditEvent. A concurrent booking of
the same slot loses on the version (412) and writes nothing. Without transactions the same
changes run as a guarded sequence (Slot first, under If-Match; then the conditional
Appointment create; the Slot is put back if the Appointment cannot be created).

Whatever goes wrong on the wire, a booking ends booked exactly once or refused: after a
412 or an unanswered request the Appointment is looked up by its idempotency identifier
before anything is decided.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fhir_adapters.clock import Clock
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
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.rest.capabilities import CapabilityCache
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.directory import Directory
from fhir_adapters.rest.records import (
    IDEMPOTENCY_SYSTEM,
    audit_event,
    booking_key_of,
    build_appointment,
    cancelled,
    codes_of,
    is_bookable,
    parse_instant,
    patient_of,
    same_booking,
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
_ROUNDS = 3
"""Fresh attempts after a lost race on a version or an exhausted retry budget."""


@dataclass
class Writer:
    """The write side of the REST backend (everything that changes the schedule)."""

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
        """Apply changes together (transaction) or in order (guarded sequence, no rollback)."""
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

    # ---- reads used by writes ---------------------------------------------------------

    async def read(self, rtype: str, rid: str) -> Json:
        """GET one resource (ResourceNotFoundError when absent)."""
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

    async def replay(self, request: BookingRequest) -> Json | None:
        """The Appointment an earlier call with this idempotency key made, if any."""
        found = await self.by_key(request.idempotency_key)
        if found is not None and not same_booking(found, request):
            raise InvalidRequestError(
                "This booking reference was already used for another slot or patient.",
                detail="idempotency key reused with different arguments",
            )
        return found

    async def by_key(self, key: str) -> Json | None:
        """The Appointment carrying idempotency key ``key``, if any."""
        found, _ = await search(
            self.client,
            "Appointment",
            [("identifier", f"{IDEMPOTENCY_SYSTEM}|{key}")],
            max_pages=1,
        )
        return found[0] if found else None

    async def settle(self, key: str) -> Json | None:
        """Find out, insistently, whether a booking with ``key`` exists after a lost answer."""
        for attempt in range(_ROUNDS * 2):
            try:
                return await self.by_key(key)
            except BackendUnavailableError:
                await self.sleep(min(5.0, 0.2 * 2**attempt))
        raise BackendUnavailableError(
            "The scheduling system did not confirm the booking. Please try again in a moment.",
            detail="booking outcome unknown after retries; retry with the same idempotency key",
        )

    async def check_slot(
        self, slot: Json, hold_token: str | None, service_type: str | None = None
    ) -> None:
        """Raise SlotInPastError / SlotTakenError unless ``slot`` can be booked now."""
        now = self.clock.now()
        start = parse_instant(slot.get("start"))
        if start is None or start <= now:
            raise SlotInPastError()
        if not is_bookable(slot, now, hold_token):
            raise SlotTakenError()
        offered = sorted(codes_of(slot.get("serviceType")))
        if service_type and offered and service_type not in offered:
            raise InvalidRequestError(
                f"That time slot is not for a {service_type} visit; it takes: {', '.join(offered)}."
            )

    async def check_patient(self, patient_id: str) -> None:
        """Raise PatientNotFoundError unless the patient exists."""
        try:
            await self.read("Patient", patient_id)
        except ResourceNotFoundError as exc:
            raise PatientNotFoundError(detail=exc.detail) from None

    # ---- book -------------------------------------------------------------------------

    async def book(self, request: BookingRequest, cancel: Json | None = None) -> Json:
        """Book ``request`` (and cancel ``cancel`` in the same write when rescheduling)."""
        existing = await self.replay(request)
        if existing is not None:
            return existing
        original = await self.read_slot(request.slot_id)
        await self.check_patient(request.patient_id)
        await self.check_slot(original, request.hold_token, request.service_type)
        if await self.use_transactions():
            return await self._book_rounds(original, request, cancel)
        try:
            return await self._book_rounds(original, request, cancel)
        except SchedulingError:
            # A guarded sequence may have taken the Slot before failing. Give it back only
            # once sure no Appointment was made (settle raises when that cannot be known,
            # and the Slot then stays busy: unusable, never double-booked).
            found = await self.settle(request.idempotency_key)
            if found is not None:
                return found
            if not self.profile.server_books_slot:
                await self._compensate(original, request.idempotency_key)
            raise

    async def _book_rounds(self, slot: Json, request: BookingRequest, cancel: Json | None) -> Json:
        key = request.idempotency_key
        for _ in range(_ROUNDS):
            try:
                return await self._book_once(slot, request, cancel)
            except (VersionConflictError, BackendUnavailableError) as exc:
                found = await self.settle(key)
                if found is not None:
                    return found
                if isinstance(exc, BackendUnavailableError):
                    log.warning("booking not applied (%s); trying again", exc.detail)
                slot = await self.read_slot(request.slot_id)
                if booking_key_of(slot) != key:  # a Slot we took ourselves may be resumed
                    await self.check_slot(slot, request.hold_token)
                if cancel is not None:
                    cancel = await self.read("Appointment", str(cancel["id"]))
                    if cancel.get("status") not in ACTIVE_STATUSES:
                        raise AppointmentStateError() from None
        raise BackendUnavailableError(detail="booking kept failing; nothing was written")

    async def _book_once(self, slot: Json, request: BookingRequest, cancel: Json | None) -> Json:
        schedule_ref = str((slot.get("schedule") or {}).get("reference") or "")
        await self.directory.load([schedule_ref])
        appointment = build_appointment(
            request, slot, self.directory.peek(schedule_ref), self.clock.now()
        )
        # If-None-Exist makes a resent create harmless; a server that does not advertise
        # conditional create might refuse it, and the key lookup still guards the retry.
        conditional = (await self.caps.get()).conditional_create
        create = Change(
            appointment,
            method="POST",
            if_none_exist=(
                f"identifier={IDEMPOTENCY_SYSTEM}|{request.idempotency_key}"
                if conditional
                else None
            ),
        )
        take = Change(
            with_status(slot, "busy", booking_key=request.idempotency_key),
            if_match=version_of(slot),
        )
        audits = [self.audit("create", create.local_id, request.actor, "book")]
        extra = (
            await self._cancel_changes(cancel, request.actor, "reschedule", "rescheduled")
            if cancel
            else []
        )
        if await self.use_transactions():
            results = await transact(self.client, [take, create, *extra, *audits])
            return results[1]  # a transaction answers entry by entry, in request order
        return await self._guarded_book(take, create, extra, request)

    async def _guarded_book(
        self, take: Change, create: Change, extra: list[Change], request: BookingRequest
    ) -> Json:
        """Slot first (If-Match), then the Appointment; put the Slot back if that fails."""
        if not self.profile.server_books_slot:
            await self._take(take, request)
        try:
            made = await apply_one(self.client, create)
        except SchedulingError:
            found = await self.settle(request.idempotency_key)
            if found is not None:
                return found
            raise  # book() gives the Slot back
        if extra:
            try:
                for change in extra:
                    await apply_one(self.client, change)
            except SchedulingError:
                await self._undo_booking(made, request.actor)
                raise
        audit = audit_event(
            "create", f"Appointment/{made['id']}", request.actor, self.clock.now(), "book"
        )
        await best_effort(self.client, Change(audit, method="POST"))
        return made

    async def _take(self, take: Change, request: BookingRequest) -> Json:
        """PUT the Slot busy; after a lost answer, the booking key on the Slot says if it was us."""
        try:
            return await apply_one(self.client, take)
        except (VersionConflictError, BackendUnavailableError):
            current = await self.read_slot(request.slot_id)
            if current.get("status") == "busy" and booking_key_of(current) == (
                request.idempotency_key
            ):
                return current
            raise

    async def _compensate(self, original: Json, key: str) -> None:
        """Give the Slot back as it was, as long as it is still busy under our booking key."""
        restore = {k: v for k, v in original.items() if k != "meta"}
        for attempt in range(_ROUNDS * 2):
            try:
                current = await self.read_slot(str(original["id"]))
                if booking_key_of(current) != key:
                    return  # already given back (a lost answer) or never ours
                await apply_one(self.client, Change(restore, if_match=version_of(current)))
                return
            except SchedulingError as exc:
                log.warning("slot give-back failed (%s); trying again", exc.detail)
                await self.sleep(min(5.0, 0.2 * 2**attempt))
        # The slot stays busy with no appointment: unusable, never double-booked. Staff fix it.
        log.error("slot %s not released after a failed booking", original.get("id"))

    async def _undo_booking(self, appointment: Json, actor: Actor) -> None:
        try:
            for change in await self._cancel_changes(appointment, actor, "undo"):
                await apply_one(self.client, change)
        except SchedulingError as exc:
            log.error("could not undo appointment %s: %s", appointment.get("id"), exc.detail)

    # ---- cancel -----------------------------------------------------------------------

    async def _cancel_changes(
        self, appointment: Json, actor: Actor, label: str, reason: str | None = None
    ) -> list[Change]:
        if appointment.get("status") not in ACTIVE_STATUSES:
            raise AppointmentStateError(
                f"That appointment is {appointment.get('status')} and can no longer be changed."
            )
        start = parse_instant(appointment.get("start"))
        if start is not None and start <= self.clock.now():
            raise AppointmentStateError("That appointment has already started or is over.")
        if self.profile.update_method == "PATCH":
            status = Change(
                {"resourceType": "Appointment", "id": appointment["id"]},
                method="PATCH",
                patch=[{"op": "replace", "path": "/status", "value": "cancelled"}],
                if_match=version_of(appointment),
            )
        else:
            status = Change(cancelled(appointment, reason), if_match=version_of(appointment))
        changes = [status]
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

    async def cancel(
        self, appointment_id: str, *, patient_id: str | None, reason: str | None, actor: Actor
    ) -> Json:
        """Cancel the appointment and free its slot (see SchedulingBackend.cancel)."""
        for _ in range(_ROUNDS):
            appointment = await self.read_appointment(appointment_id, patient_id)
            if appointment.get("status") == "cancelled":
                if not await self.use_transactions():
                    await self._free_left_behind(appointment, actor)
                return appointment
            try:
                changes = await self._cancel_changes(appointment, actor, "cancel", reason)
                await self.commit(changes)
            except (VersionConflictError, BackendUnavailableError) as exc:
                log.warning("cancel not confirmed (%s); re-reading", exc.detail)
                continue
            return await self.read("Appointment", appointment_id)
        raise BackendUnavailableError(detail="cancel kept conflicting")

    async def _free_left_behind(self, appointment: Json, actor: Actor) -> None:
        """Free the busy Slots of a cancelled Appointment that no booked one holds.

        Only a guarded sequence interrupted between its two writes leaves such a Slot.
        """
        if self.profile.server_books_slot:
            return
        for slot_id in slot_ids_of(appointment):
            try:
                slot = await self.read_slot(slot_id)
                if slot.get("status") != "busy":
                    continue
                holders, _ = await search(
                    self.client,
                    "Appointment",
                    [("slot", f"Slot/{slot_id}"), ("status", ",".join(sorted(ACTIVE_STATUSES)))],
                    max_pages=1,
                )
                if not holders:
                    free = Change(with_status(slot, "free"), if_match=version_of(slot))
                    await self.commit(
                        [free, self.audit("update", f"Slot/{slot_id}", actor, "free")]
                    )
            except SchedulingError as exc:
                log.warning("slot %s left busy after a cancel: %s", slot_id, exc.detail)

    # ---- reschedule -------------------------------------------------------------------

    async def reschedule(self, appointment_id: str, request: BookingRequest) -> Json:
        """Book the new slot and cancel the old appointment together."""
        old = await self.read_appointment(appointment_id, request.patient_id)
        existing = await self.replay(request)
        if existing is not None:
            return existing
        if request.slot_id in slot_ids_of(old):
            raise InvalidRequestError("The new time slot is the one already booked.")
        if old.get("status") not in ACTIVE_STATUSES:
            raise AppointmentStateError(
                f"That appointment is {old.get('status')} and can no longer be changed."
            )
        return await self.book(request, cancel=old)
