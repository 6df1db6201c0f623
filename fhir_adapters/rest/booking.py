"""Booking, cancelling and rescheduling over FHIR REST, exactly once.

With transactions (HAPI, Medplum, most generic servers) a booking is one Bundle: the Slot
PUT to ``busy`` with ``ifMatch`` on the version just read, the Appointment POSTed with
``ifNoneExist`` on its idempotency identifier, and the AuditEvent. A concurrent booking of
the same slot loses on the version (412) and writes nothing. A reschedule adds the old
Appointment's cancellation and its Slot's release to the same Bundle.

Without transactions the same changes run as a guarded sequence: the Slot first (If-Match,
marked with the booking key), then the conditional Appointment create; the Slot is given
back if no Appointment was made. A reschedule then cancels the old Appointment and, if that
fails, undoes the new booking.

Whatever goes wrong on the wire, a booking ends booked exactly once or refused: after a
412 or an unanswered request the Appointment is looked up by its idempotency identifier
before anything is decided.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeVar

from fhir_adapters.errors import (
    BackendUnavailableError,
    InvalidRequestError,
    SchedulingError,
    VersionConflictError,
)
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.rest.records import (
    IDEMPOTENCY_SYSTEM,
    booking_key_of,
    build_appointment,
    same_booking,
    slot_ids_of,
    version_of,
    with_status,
)
from fhir_adapters.rest.transactions import Change, apply_one, best_effort, transact
from fhir_adapters.rest.writer import ROUNDS, WriterBase

log = logging.getLogger(__name__)
Json = dict[str, Any]
T = TypeVar("T")


def _outcome(result: T | BaseException) -> T:
    """The value of a gathered call, or its exception raised."""
    if isinstance(result, BaseException):
        raise result
    return result


class Writer(WriterBase):
    """The write side of the REST backend: book, cancel, reschedule."""

    async def replay(self, request: BookingRequest) -> Json | None:
        """The Appointment an earlier call with this idempotency key made, if any."""
        found = await self.by_key(request.idempotency_key)
        if found is not None and not same_booking(found, request):
            raise InvalidRequestError(
                "This booking reference was already used for another slot or patient.",
                detail="idempotency key reused with different arguments",
            )
        return found

    # ---- book -------------------------------------------------------------------------

    async def book(self, request: BookingRequest, cancel: Json | None = None) -> Json:
        """Book ``request`` (and cancel ``cancel`` with it when rescheduling)."""
        # Three independent reads at once (one round trip instead of three), judged in the
        # order they matter: a replay wins over anything the other two found.
        replayed, slot, patient = await asyncio.gather(
            self.replay(request),
            self.read_slot(request.slot_id),
            self.check_patient(request.patient_id),
            return_exceptions=True,
        )
        existing = _outcome(replayed)
        if existing is not None:
            return existing
        original = _outcome(slot)
        _outcome(patient)
        self.check_slot(original, request.hold_token, request.service_type)
        if await self.use_transactions():
            return await self._rounds(original, request, cancel)
        try:
            return await self._rounds(original, request, cancel)
        except SchedulingError:
            # A guarded sequence may have taken the Slot before failing. Give it back only
            # once sure no Appointment is in effect (settle raises when that cannot be
            # known, and the Slot then stays busy: unusable, never double-booked).
            found = await self.settle(request.idempotency_key)
            if found is not None:
                return found
            if not self.profile.server_books_slot:
                await self._give_back(original, request.idempotency_key)
            raise

    async def _rounds(self, slot: Json, request: BookingRequest, cancel: Json | None) -> Json:
        key = request.idempotency_key
        for _ in range(ROUNDS):
            try:
                return await self._book_once(slot, request, cancel)
            except (VersionConflictError, BackendUnavailableError) as exc:
                found = await self.settle(key)
                if found is not None:
                    return found
                log.info("booking not applied (%s); re-reading", exc.detail)
                slot = await self.read_slot(request.slot_id)
                if booking_key_of(slot) != key:  # a Slot we took ourselves may be resumed
                    self.check_slot(slot, request.hold_token)
                if cancel is not None:
                    cancel = await self.read("Appointment", str(cancel["id"]))
                    self.check_changeable(cancel)
        raise BackendUnavailableError(detail="booking kept failing; nothing was written")

    async def _book_once(self, slot: Json, request: BookingRequest, cancel: Json | None) -> Json:
        schedule_ref = str((slot.get("schedule") or {}).get("reference") or "")
        await self.directory.load([schedule_ref])
        appointment = build_appointment(
            request, slot, self.directory.peek(schedule_ref), self.clock.now()
        )
        # If-None-Exist makes a resent create harmless; a server that does not advertise
        # conditional create might refuse it, and the key lookup still guards the retry.
        key_query = f"identifier={IDEMPOTENCY_SYSTEM}|{request.idempotency_key}"
        conditional = (await self.caps.get()).conditional_create
        create = Change(
            appointment, method="POST", if_none_exist=key_query if conditional else None
        )
        take = Change(
            with_status(slot, "busy", booking_key=request.idempotency_key),
            if_match=version_of(slot),
        )
        if await self.use_transactions():
            audit = self.audit("create", create.local_id, request.actor, "book")
            release = (
                await self.cancel_entries(cancel, request.actor, "reschedule", "rescheduled")
                if cancel is not None
                else []
            )
            results = await transact(self.client, [take, create, *release, audit])
            return results[1]  # a transaction answers entry by entry, in request order
        return await self._guarded(take, create, request, cancel)

    async def _guarded(
        self, take: Change, create: Change, request: BookingRequest, cancel: Json | None
    ) -> Json:
        """Slot first (If-Match), then the Appointment, then the old visit's cancellation."""
        if not self.profile.server_books_slot:
            await self._take(take, request)
        try:
            made = await apply_one(self.client, create)
        except SchedulingError:
            found = await self.settle(request.idempotency_key)
            if found is None:
                raise  # book() gives the Slot back
            made = found
        if cancel is not None:
            try:
                await self.cancel_guarded(cancel, request.actor, "reschedule", "rescheduled")
            except SchedulingError:
                await self._undo(made, request.actor)
                raise
        await best_effort(
            self.client, self.audit("create", f"Appointment/{made['id']}", request.actor, "book")
        )
        return made

    async def _take(self, take: Change, request: BookingRequest) -> Json:
        """PUT the Slot busy; after a lost answer, the booking key on the Slot says if it was us."""
        try:
            return await apply_one(self.client, take)
        except (VersionConflictError, BackendUnavailableError):
            current = await self.read_slot(request.slot_id)
            ours = booking_key_of(current) == request.idempotency_key
            if current.get("status") == "busy" and ours:
                return current
            raise

    async def _give_back(self, original: Json, key: str) -> None:
        """Put the Slot back as it was, as long as it is still busy under our booking key."""
        restore = {k: v for k, v in original.items() if k != "meta"}
        for attempt in range(ROUNDS * 2):
            try:
                current = await self.read_slot(str(original["id"]))
                if booking_key_of(current) != key:
                    return  # already given back (a lost answer) or never ours
                await apply_one(self.client, Change(restore, if_match=version_of(current)))
                return
            except SchedulingError as exc:
                log.warning("slot give-back failed (%s); trying again", exc.detail)
                await self.backoff(attempt)
        # The slot stays busy with no appointment: unusable, never double-booked. Staff fix it.
        log.error("slot %s not released after a failed booking", original.get("id"))

    async def _undo(self, appointment: Json, actor: Actor) -> None:
        """Cancel a booking whose reschedule could not complete (guarded sequence only)."""
        for attempt in range(ROUNDS * 2):
            try:
                current = await self.read("Appointment", str(appointment["id"]))
                if current.get("status") != "cancelled":
                    await self.cancel_guarded(current, actor, "undo", "rescheduling failed")
                return
            except SchedulingError as exc:
                log.warning("undo of appointment failed (%s); trying again", exc.detail)
                await self.backoff(attempt)
        log.error("appointment %s could not be undone", appointment.get("id"))

    # ---- cancel and reschedule --------------------------------------------------------

    async def cancel(
        self, appointment_id: str, *, patient_id: str | None, reason: str | None, actor: Actor
    ) -> Json:
        """Cancel the appointment and free its slot (see SchedulingBackend.cancel)."""
        transactions = await self.use_transactions()
        for _ in range(ROUNDS):
            appointment = await self.read_appointment(appointment_id, patient_id)
            if appointment.get("status") == "cancelled":
                if not transactions:  # finish a guarded cancel that was interrupted
                    await self.free_left_behind(appointment, actor)
                return appointment
            try:
                if transactions:
                    changes = await self.cancel_entries(appointment, actor, "cancel", reason)
                    await transact(self.client, changes)
                else:
                    await self.cancel_guarded(appointment, actor, "cancel", reason)
            except (VersionConflictError, BackendUnavailableError) as exc:
                log.info("cancel not confirmed (%s); re-reading", exc.detail)
                continue
            return await self.read("Appointment", appointment_id)
        raise BackendUnavailableError(detail="cancel kept failing")

    async def reschedule(self, appointment_id: str, request: BookingRequest) -> Json:
        """Book the new slot and cancel the old appointment together."""
        read_old, replayed = await asyncio.gather(
            self.read_appointment(appointment_id, request.patient_id),
            self.replay(request),
            return_exceptions=True,
        )
        old = _outcome(read_old)
        existing = _outcome(replayed)
        if existing is not None:
            return existing
        if request.slot_id in slot_ids_of(old):
            raise InvalidRequestError("The new time slot is the one already booked.")
        self.check_changeable(old)
        return await self.book(request.keeping_visit_of(old), cancel=old)
