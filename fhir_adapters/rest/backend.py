"""RestBackend: the scheduling-backend protocol over any FHIR R4 server.

Reads are plain FHIR searches (joined with a cached directory of practitioners and
locations); writes go through ``booking.Writer`` (transactions with ifMatch where the server
has them, guarded sequences where not). See docs/fhir-backends.md for what is used against
which vendor. The class is assembled from one piece per concept: directory lookups
(``practice``), patient and Task records (``record_writes``), outreach (``outreach``) and
the audit trail (``audit``); scheduling (slots, holds, bookings) stays here.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx

from fhir_adapters.clock import Clock, SystemClock
from fhir_adapters.codings import visit_kinds
from fhir_adapters.errors import (
    InvalidRequestError,
    ResourceNotFoundError,
    SlotInPastError,
    SlotTakenError,
    VersionConflictError,
)
from fhir_adapters.queries import (
    DEFAULT_HOLD,
    Actor,
    AppointmentView,
    BookingRequest,
    Hold,
    PatientQuery,
    SlotQuery,
    SlotView,
)
from fhir_adapters.resources import (
    Appointment,
    DomainResource,
    Location,
    Patient,
    Practitioner,
    Slot,
    check_status,
)
from fhir_adapters.rest.audit import AuditTrail
from fhir_adapters.rest.auth import Auth
from fhir_adapters.rest.booking import Writer
from fhir_adapters.rest.capabilities import CapabilityCache
from fhir_adapters.rest.client import FhirClient, RetryPolicy
from fhir_adapters.rest.directory import Directory
from fhir_adapters.rest.operations import ScheduleOperations
from fhir_adapters.rest.outreach import OutreachRecords
from fhir_adapters.rest.patients import find_patients
from fhir_adapters.rest.practice import PracticeLookup
from fhir_adapters.rest.records import (
    actor_refs,
    hold_of,
    is_free,
    parse_instant,
    to_json,
    typed,
    version_of,
    with_status,
)
from fhir_adapters.rest.search import search
from fhir_adapters.rest.slots import SlotSearch
from fhir_adapters.rest.transactions import Change
from fhir_adapters.rest.vendors import VendorProfile, vendor_profile

R = TypeVar("R", bound=DomainResource)
Json = dict[str, Any]
_DIRECTORY_TYPES = frozenset(
    {
        "Organization",
        "Location",
        "HealthcareService",
        "Practitioner",
        "PractitionerRole",
        "Schedule",
    }
)
_PUT_BATCH = 50  # Medplum refuses transactions with more than 50 updates


class RestBackend(PracticeLookup, OutreachRecords, AuditTrail):
    """A SchedulingBackend on a FHIR R4 REST server (HAPI, Medplum, Epic, Oracle Health...)."""

    def __init__(
        self,
        base_url: str,
        *,
        tz: str | ZoneInfo,
        clock: Clock | None = None,
        auth: Auth | None = None,
        vendor: str | VendorProfile = "generic",
        timeout: float = 10.0,
        http: httpx.AsyncClient | None = None,
        id_factory: Callable[[], str] | None = None,
        max_pages: int = 1000,
        search_budget_s: float = 8.0,
        default_region: str = "FR",
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        directory_ttl_s: float = 300.0,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        """Connect (lazily) to the FHIR server at ``base_url``.

        Args:
            base_url: FHIR base, e.g. ``http://localhost:8080/fhir``.
            tz: the practice's time zone (part of day, weekdays, "not before 10").
            clock: the source of "now" (holds, past slots, audit times).
            auth: NoAuth / BearerAuth / SmartBackendAuth; none when None.
            vendor: generic, hapi, medplum, epic or oracle, or a VendorProfile of one's own.
            timeout: seconds per HTTP attempt.
            http: a shared httpx.AsyncClient (tests inject one with a MockTransport).
            id_factory: makes hold tokens (injected for reproducible tests).
            max_pages: bound on ``next`` links followed by any one search; a search that
                needs more raises SearchIncompleteError rather than answer from part of it.
            search_budget_s: time one slot search may spend paging before it gives up the
                same way (the caller then hears "let me get a colleague", never "nothing").
            default_region: country assumed for phone numbers written without a prefix.
            retry: attempts and backoff of the HTTP client.
            sleep: how to wait between retries (tests inject a recorder).
            directory_ttl_s: seconds practitioners, roles, services, schedules and
                locations are kept before being read again (never slots).
            monotonic: the clock measuring that time (tests inject one).
        """
        self.tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self.clock: Clock = clock or SystemClock()
        self.profile = vendor_profile(vendor)
        self.max_pages = max_pages
        self.put_concurrency = 4
        """Transaction bundles ``put_resources`` keeps in flight at once (seeding)."""
        self.client = FhirClient(
            base_url, auth=auth, timeout=timeout, http=http, retry=retry, sleep=sleep
        )
        self.capabilities = CapabilityCache(self.client)
        self.directory = Directory(
            self.client,
            max_pages=max_pages,
            ttl_s=directory_ttl_s,
            monotonic=monotonic or time.monotonic,
        )
        self._ids = id_factory or (lambda: uuid.uuid4().hex)
        self._region = default_region
        self._slots = SlotSearch(
            self.client,
            self.directory,
            self.profile,
            tz=self.tz,
            max_pages=max_pages,
            budget_s=search_budget_s,
        )
        self._writer = Writer(
            self.client,
            self.capabilities,
            self.profile,
            self.directory,
            self.clock,
            sleep or asyncio.sleep,
        )
        self._ops = ScheduleOperations(self.client, self.capabilities, self.profile, self.tz)

    # ---- reads -------------------------------------------------------------------------

    async def get(self, resource_type: type[R], resource_id: str) -> R:
        body = await self._writer.read(resource_type.__name__, resource_id)
        return typed(body, resource_type)

    async def find_slots(self, query: SlotQuery) -> list[SlotView]:
        now = self.clock.now()
        found = await self._ops.find(query, now) if await self._ops.has("find") else None
        if found is None:
            found = await self._slots.run(query, now)
        views = []
        for slot in found:
            schedule = self.directory.peek((slot.get("schedule") or {}).get("reference")) or {}
            practitioner, location = await self._who_where(actor_refs(schedule))
            services = visit_kinds(slot.get("serviceType"))
            views.append(
                SlotView(
                    slot=typed(slot, Slot),
                    practitioner=practitioner,
                    location=location,
                    service_type=query.service_type or (services[0] if services else None),
                )
            )
        return views

    async def _who_where(
        self, references: Sequence[str]
    ) -> tuple[Practitioner | None, Location | None]:
        practitioner_ref = next((r for r in references if r.startswith("Practitioner/")), None)
        location_ref = next((r for r in references if r.startswith("Location/")), None)
        if practitioner_ref and not location_ref:
            for role in await self.directory.roles():
                if (role.get("practitioner") or {}).get("reference") == practitioner_ref:
                    location_ref = next(iter(actor_refs(role, "location")), None)
                    if location_ref:
                        break
        await self.directory.load([r for r in (practitioner_ref, location_ref) if r])
        p = self.directory.peek(practitioner_ref)
        loc = self.directory.peek(location_ref)
        return (
            typed(p, Practitioner) if p else None,
            typed(loc, Location) if loc else None,
        )

    async def find_patients(self, query: PatientQuery) -> list[Patient]:
        found = await find_patients(
            self.client, query, region=self._region, max_pages=self.max_pages
        )
        return [typed(p, Patient) for p in found]

    async def list_appointments(
        self,
        *,
        patient_id: str | None = None,
        slot_id: str | None = None,
        statuses: Sequence[str] = (),
        upcoming_only: bool = False,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 100,
    ) -> list[AppointmentView]:
        params = [("_sort", "date"), ("_count", str(min(limit, self.profile.max_count)))]
        if patient_id:
            params.append(("patient", f"Patient/{patient_id}"))
        if slot_id:
            params.append(("slot", f"Slot/{slot_id}"))
        if statuses:
            params.append(("status", ",".join(statuses)))
        if upcoming_only:
            params.append(("date", f"ge{self.clock.now().isoformat()}"))
        if start is not None:
            params.append(("date", f"ge{start.isoformat()}"))
        if end is not None:
            params.append(("date", f"lt{end.isoformat()}"))
        found, _ = await search(
            self.client, "Appointment", params, max_pages=self.max_pages, limit=limit
        )
        views = []
        for body in found:
            refs = [
                str((p.get("actor") or {}).get("reference") or "")
                for p in body.get("participant") or []
            ]
            practitioner, location = await self._who_where(refs)
            views.append(
                AppointmentView(
                    appointment=typed(body, Appointment),
                    practitioner=practitioner,
                    location=location,
                )
            )
        return views

    # ---- writes ------------------------------------------------------------------------

    async def hold_slot(
        self, slot_id: str, *, duration: timedelta = DEFAULT_HOLD, actor: Actor
    ) -> Hold:
        if duration <= timedelta(0):
            raise InvalidRequestError("A hold must last a positive amount of time.")
        slot = await self._writer.read_slot(slot_id)
        now = self.clock.now()
        start = parse_instant(slot.get("start"))
        if start is None or start <= now:
            raise SlotInPastError()
        if not is_free(slot, now):
            raise SlotTakenError()
        hold = Hold(slot_id=slot_id, token=self._ids(), expires_at=now + duration)
        change = Change(
            with_status(slot, "busy-tentative", (hold.token, hold.expires_at)),
            if_match=version_of(slot),
        )
        try:
            await self._writer.commit(
                [change, self._writer.audit("update", f"Slot/{slot_id}", actor, "hold")]
            )
        except VersionConflictError:
            raise SlotTakenError(detail="slot changed while being held") from None
        return hold

    async def release_hold(self, hold: Hold, *, actor: Actor) -> None:
        try:
            slot = await self._writer.read_slot(hold.slot_id)
        except ResourceNotFoundError:
            return
        token, _ = hold_of(slot)
        if slot.get("status") != "busy-tentative" or token != hold.token:
            return
        change = Change(with_status(slot, "free"), if_match=version_of(slot))
        try:
            await self._writer.commit(
                [change, self._writer.audit("update", f"Slot/{hold.slot_id}", actor, "release")]
            )
        except VersionConflictError:
            return  # the slot moved on (booked or re-held): nothing of ours to release

    async def book(self, request: BookingRequest) -> Appointment:
        if await self._ops.has("book"):
            return typed(await self._ops.book(request, self._writer), Appointment)
        return typed(await self._writer.book(request), Appointment)

    async def cancel(
        self,
        appointment_id: str,
        *,
        patient_id: str | None,
        reason: str | None = None,
        actor: Actor,
    ) -> Appointment:
        body = await self._writer.cancel(
            appointment_id, patient_id=patient_id, reason=reason, actor=actor
        )
        return typed(body, Appointment)

    async def reschedule(self, appointment_id: str, request: BookingRequest) -> Appointment:
        return typed(await self._writer.reschedule(appointment_id, request), Appointment)

    async def put_resources(self, resources: Sequence[DomainResource]) -> None:
        changes = []
        for resource in resources:
            check_status(resource)
            body = {k: v for k, v in to_json(resource).items() if k != "meta"}
            changes.append(Change(body, method="PUT" if body.get("id") else "POST"))
        if await self._writer.use_transactions():
            # The directory first, in order (slots reference schedules, schedules
            # practitioners); then everything else in transaction bundles sent concurrently.
            leading = [c for c in changes if c.resource["resourceType"] in _DIRECTORY_TYPES]
            rest = [c for c in changes if c.resource["resourceType"] not in _DIRECTORY_TYPES]
            for i in range(0, len(leading), _PUT_BATCH):
                await self._writer.commit(leading[i : i + _PUT_BATCH])
            gate = asyncio.Semaphore(self.put_concurrency)

            async def send(batch: list[Change]) -> None:
                async with gate:
                    await self._writer.commit(batch)

            await asyncio.gather(
                *(send(rest[i : i + _PUT_BATCH]) for i in range(0, len(rest), _PUT_BATCH))
            )
        else:
            await self._writer.commit(changes)
        self.directory.forget()

    async def close(self) -> None:
        await self.client.close()
