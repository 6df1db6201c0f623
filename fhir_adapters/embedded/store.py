"""EmbeddedBackend: the scheduling backend over a single SQLite file (the default store).

Reads run inline on the event loop: they never wait for a lock in WAL mode and take well
under a millisecond. Writes go to the store's writer thread (see ``committer``): a write may
queue behind another process's transaction for up to the busy timeout, and that wait must
not freeze every other conversation served by the same loop; the thread also lets writes
that arrive together share one synced commit.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from fhir.resources.R4B.meta import Meta

from fhir_adapters.clock import Clock, SystemClock
from fhir_adapters.embedded.booking import Bookings
from fhir_adapters.embedded.columns import Json, lapse_expired_hold
from fhir_adapters.embedded.committer import GroupCommitter
from fhir_adapters.embedded.database import Database
from fhir_adapters.embedded.directory import DIRECTORY_TYPES, Directory
from fhir_adapters.embedded.records import create_communication, create_task_once, replace_versioned
from fhir_adapters.embedded.rows import Writer, load_json
from fhir_adapters.embedded.slot_search import search
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError, SlotTakenError
from fhir_adapters.matching import fold, normalize_phone
from fhir_adapters.queries import (
    DEFAULT_HOLD,
    Actor,
    AppointmentView,
    AuditRecord,
    BookingRequest,
    Hold,
    PatientQuery,
    PractitionerMatch,
    ServiceMatch,
    SlotQuery,
    SlotView,
)
from fhir_adapters.record_keys import record_key
from fhir_adapters.resources import (
    APPOINTMENT_STATUSES,
    RESOURCE_TYPES,
    SLOT_STATUSES,
    TASK_STATUSES,
    Appointment,
    AuditEvent,
    Communication,
    DomainResource,
    Patient,
    Slot,
    Task,
    check_status,
    ref_id,
)

R = TypeVar("R", bound=DomainResource)
STATUS_CODES = {"Slot": SLOT_STATUSES, "Appointment": APPOINTMENT_STATUSES, "Task": TASK_STATUSES}
T = TypeVar("T")

ADMIN_ACTOR = Actor(name="frontdesk-admin")
_PATIENT_SEARCH_LIMIT = 50


def _new_id() -> str:
    return str(uuid.uuid4())


def _stamped(resource: R, stored: Json) -> R:
    """``resource`` as just stored: with the id and ``meta`` the store gave it."""
    meta = Meta.model_validate(stored["meta"])
    return resource.model_copy(update={"id": stored["id"], "meta": meta})


class EmbeddedBackend:
    """The SchedulingBackend over SQLite: one file (or memory), no server, safe across processes.

    Args:
        path: the store file (created when missing), or ":memory:" for a private store.
        tz: the practice's time zone (part of day, "not before 10", weekdays).
        clock: where "now" comes from.
        id_factory: makes new resource ids and hold tokens (random UUIDs by default).
        default_region: country assumed for phone numbers written without a prefix.
        busy_timeout_s: how long a write waits for another writer before giving up
            with BackendUnavailableError.
        synchronous: SQLite durability; "FULL" syncs every commit to disk (no booking is
            lost even on power failure), "NORMAL" may lose the last ones on power failure.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        tz: str | ZoneInfo,
        clock: Clock | None = None,
        id_factory: Callable[[], str] | None = None,
        default_region: str = "FR",
        busy_timeout_s: float = 5.0,
        synchronous: Literal["OFF", "NORMAL", "FULL"] = "FULL",
    ) -> None:
        self.tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self.clock: Clock = clock or SystemClock()
        self.new_id = id_factory or _new_id
        self.region = default_region
        self.db = Database(path, busy_timeout_s=busy_timeout_s, synchronous=synchronous)
        self._directory = Directory()
        self._committer = GroupCommitter(self.db, on_begin=self._directory_for)

    # ---- plumbing ----------------------------------------------------------------------

    def _directory_for(self, conn: sqlite3.Connection) -> Directory:
        """The in-memory directory, reloaded when any process changed it."""
        (version,) = conn.execute(
            "SELECT value FROM store_meta WHERE key = 'directory_version'"
        ).fetchone()
        current = self._directory
        if current.version != version:
            current = Directory(version=version)
            marks = ",".join("?" * len(DIRECTORY_TYPES))
            for rtype, text in conn.execute(
                f"SELECT type, json FROM resource WHERE type IN ({marks})", list(DIRECTORY_TYPES)
            ):
                current.add(DIRECTORY_TYPES[rtype].model_validate_json(text))
            self._directory = current
        return current

    def _job(self, conn: sqlite3.Connection, work: Callable[[Bookings], T]) -> T:
        """Run ``work`` on ``conn`` inside the caller's open transaction.

        The directory was refreshed when that transaction began (``_directory_for``).
        """
        directory = self._directory
        writer = Writer(conn, self.clock.now(), self.tz, self.region, directory)
        try:
            return work(Bookings(writer, self.new_id))
        except sqlite3.IntegrityError as error:
            raise InvalidRequestError(
                "That record conflicts with one already stored.", detail=str(error)
            ) from error

    def _write_sync(self, work: Callable[[Bookings], T]) -> T:
        with self.db.write() as conn:
            self._directory_for(conn)
            return self._job(conn, work)

    async def _write(self, work: Callable[[Bookings], T]) -> T:
        future = self._committer.submit(lambda conn: self._job(conn, work))
        result: T = await asyncio.wrap_future(future)
        return result

    # ---- reads -------------------------------------------------------------------------

    async def get(self, resource_type: type[R], resource_id: str) -> R:
        """Read one resource by id. Raises ResourceNotFoundError."""
        rtype = resource_type.get_resource_type()
        with self.db.read() as conn:
            payload = load_json(conn, rtype, resource_id)
        if payload is None:
            raise ResourceNotFoundError(detail=f"{rtype}/{resource_id}")
        if rtype == "Slot":
            lapse_expired_hold(payload, self.clock.now())
        return resource_type.model_validate(payload)

    async def find_practitioners(
        self, name: str | None = None, *, specialty: str | None = None, limit: int = 5
    ) -> list[PractitionerMatch]:
        """Practitioners by fuzzy name and/or specialty code, best match first."""
        with self.db.read() as conn:
            directory = self._directory_for(conn)
        return directory.find_practitioners(name, specialty, limit)

    async def find_services(self, name: str | None = None, *, limit: int = 5) -> list[ServiceMatch]:
        """Healthcare services by fuzzy name, best first; all services when name is None."""
        with self.db.read() as conn:
            directory = self._directory_for(conn)
        return directory.find_services(name, limit)

    async def find_slots(self, query: SlotQuery) -> list[SlotView]:
        """Free (or expired-hold) future slots matching ``query``, earliest first."""
        now = self.clock.now()
        with self.db.read() as conn:
            directory = self._directory_for(conn)
            hits = search(conn, query, now)
        views = []
        for hit in hits:
            offered = [c for c in hit.service_type.split(",") if c]
            if hit.free_after:  # an expired hold: show the slot as the free one it is
                slot = Slot.model_validate(lapse_expired_hold(json.loads(hit.json), now))
            else:
                slot = Slot.model_validate_json(hit.json)
            views.append(
                SlotView(
                    slot=slot,
                    practitioner=directory.practitioner(hit.practitioner_id),
                    location=directory.location(hit.location_id),
                    service_type=query.service_type or (offered[0] if offered else None),
                )
            )
        return views

    async def find_patients(self, query: PatientQuery) -> list[Patient]:
        """Patients matching every given field; names compared folded (no accents or case)."""
        where, params = [], []
        if query.family:
            where.append("family = ?")
            params.append(fold(query.family))
        if query.given:
            given = fold(query.given)
            where.append("(given = ? OR ' ' || given || ' ' LIKE ?)")
            params += [given, f"% {given} %"]
        if query.birth_date:
            where.append("birth_date = ?")
            params.append(query.birth_date.isoformat())
        keys = []
        if query.identifier:
            keys.append(("identifier", query.identifier.strip()))
        if query.phone:
            phone = normalize_phone(query.phone, self.region)
            if phone is None:
                raise InvalidRequestError("That phone number does not look valid.")
            keys.append(("phone", phone))
        for kind, value in keys:
            where.append("id IN (SELECT patient_id FROM patient_key WHERE kind = ? AND value = ?)")
            params += [kind, value]
        sql = (
            f"SELECT json FROM patient WHERE {' AND '.join(where)} "
            f"ORDER BY family, given, id LIMIT {_PATIENT_SEARCH_LIMIT}"
        )
        with self.db.read() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [Patient.model_validate_json(text) for (text,) in rows]

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
        """Appointments filtered by patient, slot and status, earliest first."""
        where: list[str] = ["1 = 1"]
        params: list[object] = []
        for column, value in (("patient_id", patient_id), ("slot_id", slot_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params += list(statuses)
        if upcoming_only:
            where.append("start_ts > ?")
            params.append(int(self.clock.now().timestamp()))
        for op, bound in ((">=", start), ("<", end)):
            if bound is not None:
                where.append(f"start_ts {op} ?")
                params.append(int(bound.timestamp()))
        sql = f"SELECT json FROM appointment WHERE {' AND '.join(where)} "
        sql += "ORDER BY start_ts, id LIMIT ?"
        with self.db.read() as conn:
            directory = self._directory_for(conn)
            rows = conn.execute(sql, [*params, limit]).fetchall()
        views = []
        for (text,) in rows:
            appointment = Appointment.model_validate_json(text)
            actors = [p.actor for p in appointment.participant or [] if p.actor]
            pid = next((i for a in actors if (i := ref_id(a, "Practitioner"))), None)
            lid = next((i for a in actors if (i := ref_id(a, "Location"))), None)
            views.append(
                AppointmentView(
                    appointment=appointment,
                    practitioner=directory.practitioner(pid),
                    location=directory.location(lid),
                )
            )
        return views

    async def list_tasks(self, *, code: str | None = None, limit: int = 100) -> list[Task]:
        """Staff tasks, newest first, optionally of one task code."""
        sql = "SELECT json FROM task " + ("WHERE code = ? " if code else "")
        params: list[object] = [code] if code else []
        with self.db.read() as conn:
            rows = conn.execute(sql + "ORDER BY seq DESC LIMIT ?", [*params, limit]).fetchall()
        return [Task.model_validate_json(text) for (text,) in rows]

    async def list_communications(
        self,
        *,
        patient_id: str | None = None,
        about: str | None = None,
        category: str | None = None,
        limit: int = 100,
    ) -> list[Communication]:
        """Messages to and from patients, newest first."""
        where, params = ["1 = 1"], []
        for column, value in (("patient_id", patient_id), ("about", about), ("category", category)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT json FROM communication WHERE {' AND '.join(where)} ORDER BY seq DESC "
        with self.db.read() as conn:
            rows = conn.execute(sql + "LIMIT ?", [*params, limit]).fetchall()
        return [Communication.model_validate_json(text) for (text,) in rows]

    async def list_audit_events(self, *, limit: int = 100) -> list[AuditEvent]:
        """The audit trail, newest first."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT json FROM audit_event ORDER BY seq DESC LIMIT ?", (limit,)
            ).fetchall()
        return [AuditEvent.model_validate_json(text) for (text,) in rows]

    # ---- writes ------------------------------------------------------------------------

    async def create_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        """Register a new patient under a fresh id (any id given is ignored)."""
        if not any(n.family or n.given or n.text for n in patient.name or []):
            raise InvalidRequestError("A new patient needs a name.")
        payload = patient.model_dump(mode="json", exclude_none=True)
        created = await self._write(lambda b: b.create(payload, actor, "create-patient"))
        return Patient.model_validate(created)

    async def hold_slot(
        self, slot_id: str, *, duration: timedelta = DEFAULT_HOLD, actor: Actor
    ) -> Hold:
        """Hold a free slot (busy-tentative) until it expires by itself."""
        return await self._write(lambda b: b.hold(slot_id, duration, actor))

    async def release_hold(self, hold: Hold, *, actor: Actor) -> None:
        """Free a held slot; no error when the hold expired or was used."""
        await self._write(lambda b: b.release(hold, actor))

    async def book(self, request: BookingRequest) -> Appointment:
        """Book atomically and idempotently (see SchedulingBackend.book)."""
        if self._surely_taken(request):
            # Refused without queueing for the write lock: under a rush of callers on one
            # slot, the losers must not slow the writers that can still succeed.
            raise SlotTakenError()
        return Appointment.model_validate(await self._write(lambda b: b.book(request)))

    def _surely_taken(self, request: BookingRequest) -> bool:
        """True only when the booking would certainly fail with SlotTakenError."""
        with self.db.read() as conn:
            # One statement: a consistent snapshot without a transaction round trip.
            row = conn.execute(
                "SELECT free_after, status, start_ts, "
                "EXISTS (SELECT 1 FROM appointment WHERE idempotency_key = ?), "
                "EXISTS (SELECT 1 FROM patient WHERE id = ?) "
                "FROM slot WHERE id = ?",
                (request.idempotency_key, request.patient_id, request.slot_id),
            ).fetchone()
        if row is None or row[0] is not None or row[1] == "busy-tentative":
            return False
        in_future = row[2] > int(self.clock.now().timestamp())
        return in_future and not row[3] and bool(row[4])

    async def cancel(
        self,
        appointment_id: str,
        *,
        patient_id: str | None,
        reason: str | None = None,
        actor: Actor,
    ) -> Appointment:
        """Cancel the appointment and free its slot (scoped to ``patient_id`` when given)."""
        payload = await self._write(lambda b: b.cancel(appointment_id, patient_id, reason, actor))
        return Appointment.model_validate(payload)

    async def reschedule(self, appointment_id: str, request: BookingRequest) -> Appointment:
        """Book ``request.slot_id`` and cancel ``appointment_id`` together, or neither."""
        payload = await self._write(lambda b: b.reschedule(appointment_id, request))
        return Appointment.model_validate(payload)

    async def create_task(self, task: Task, *, actor: Actor) -> Task:
        """Queue a staff Task under a fresh id (once per record key, see ``outbox``)."""
        check_status(task)
        payload = task.model_dump(mode="json", exclude_none=True)
        key = record_key(task)
        return Task.model_validate(
            await self._write(lambda b: create_task_once(b, payload, actor, key))
        )

    async def update_task(
        self,
        task_id: str,
        *,
        status: str,
        note: str | None = None,
        actor: Actor,
        priority: str | None = None,
    ) -> Task:
        """Move a staff Task to ``status`` and ``priority``, with a note (see SchedulingBackend)."""
        return Task.model_validate(
            await self._write(lambda b: b.update_task(task_id, status, note, actor, priority))
        )

    async def create_communication(
        self, communication: Communication, *, actor: Actor
    ) -> tuple[Communication, bool]:
        """Store a message unless one with its message key exists: (stored, created)."""
        check_status(communication)
        payload = communication.model_dump(mode="json", exclude_none=True)
        stored, created = await self._write(lambda b: create_communication(b, payload, actor))
        if created:  # what was given, with its id and version: no need to parse it again
            return _stamped(communication, stored), True
        return Communication.model_validate(stored), False

    async def update_communication(
        self, communication: Communication, *, actor: Actor
    ) -> Communication:
        """Replace a stored message; its ``meta.versionId`` must be the current one."""
        check_status(communication)
        payload = communication.model_dump(mode="json", exclude_none=True)
        stored = await self._write(lambda b: replace_versioned(b, payload, actor, "message"))
        return _stamped(communication, stored)

    async def add_to_waitlist(self, entry: Appointment, *, actor: Actor) -> Appointment:
        """Store a waitlist entry (an Appointment ``waitlist`` with its requested period)."""
        if entry.status != "waitlist":
            raise InvalidRequestError("A waitlist entry is an Appointment with status waitlist.")
        payload = entry.model_dump(mode="json", exclude_none=True)
        created = await self._write(lambda b: b.create(payload, actor, "waitlist"))
        return Appointment.model_validate(created)

    async def update_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        """Replace a patient record; its ``meta.versionId`` must be the current one."""
        payload = patient.model_dump(mode="json", exclude_none=True)
        stored = await self._write(lambda b: replace_versioned(b, payload, actor, "patient"))
        return Patient.model_validate(stored)

    async def record_audit(self, record: AuditRecord) -> AuditEvent:
        """Keep a person's read or action in the audit trail (see SchedulingBackend)."""
        return AuditEvent.model_validate(await self._write(lambda b: b.record(record)))

    async def put_resources(self, resources: Sequence[DomainResource]) -> None:
        """Create or replace resources by id, all in one transaction."""
        for resource in resources:
            check_status(resource)
            if resource.get_resource_type() not in RESOURCE_TYPES:
                raise InvalidRequestError(f"{resource.get_resource_type()} cannot be stored")
        payloads = [r.model_dump(mode="json", exclude_none=True) for r in resources]
        await asyncio.to_thread(self.load_json, payloads)

    def load_json(self, payloads: Iterable[Json], *, actor: Actor = ADMIN_ACTOR) -> int:
        """Create or replace resources given as FHIR JSON dicts, in one transaction (sync).

        The bulk path for seeding and benchmarks: it checks ids and status codes but does
        not build models, so a million slots load in seconds. Returns how many were written.
        """
        checked = []
        for payload in payloads:
            rtype = str(payload.get("resourceType"))
            if rtype not in RESOURCE_TYPES:
                raise InvalidRequestError(f"unsupported resource type {rtype!r}")
            allowed = STATUS_CODES.get(rtype)
            if allowed is not None and payload.get("status") not in allowed:
                raise InvalidRequestError(
                    f"{rtype} status {payload.get('status')!r} is not a FHIR R4 status code"
                )
            checked.append(payload)

        def work(bookings: Bookings) -> int:
            refs = bookings.writer.write_many(checked)
            if refs:
                bookings.audit("U", actor, refs, "put")
            return len(refs)

        return self._write_sync(work)

    async def close(self) -> None:
        """Finish queued writes and release connections."""
        await asyncio.to_thread(self.close_sync)

    def close_sync(self) -> None:
        """Finish queued writes and release connections, from synchronous code."""
        self._committer.close()
        self.db.close()
