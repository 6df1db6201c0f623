"""The scheduling-backend protocol that every backend (embedded SQLite, FHIR REST) implements.

It follows the Argonaut / IHE ITI scheduling workflow: find -> hold -> book; cancel;
reschedule. Every method takes and returns typed models, raises only ``SchedulingError``
subclasses, and is async so a REST backend can share it with the embedded one.

Guarantees every implementation keeps (the contract tests in ``tests/fhir_adapters/contract``
check them on both backends):

* ``book`` is atomic: an Appointment ``booked`` referencing the Slot and the Patient exists
  if and only if the Slot is ``busy``. Two bookings of one slot never both succeed.
* ``book`` is idempotent per ``idempotency_key``: a retry returns the first Appointment.
* ``reschedule`` books the new slot and cancels the old appointment together, or neither.
* ``cancel``/``reschedule`` with a ``patient_id`` refuse appointments of other patients
  (``AppointmentNotFoundError``): a caller can never touch someone else's visit.
* Every write records an AuditEvent (who, what, when), without patient data in free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypeVar, runtime_checkable

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
from fhir_adapters.resources import (
    Appointment,
    AuditEvent,
    Communication,
    DomainResource,
    Patient,
    Task,
)

R = TypeVar("R", bound=DomainResource)


@runtime_checkable
class SchedulingBackend(Protocol):
    """A store of FHIR scheduling resources that can find, hold, book, cancel and reschedule."""

    # ---- reads -------------------------------------------------------------------------

    async def get(self, resource_type: type[R], resource_id: str) -> R:
        """Read one resource by id. Raises ResourceNotFoundError."""
        ...

    async def find_practitioners(
        self, name: str | None = None, *, specialty: str | None = None, limit: int = 5
    ) -> list[PractitionerMatch]:
        """Practitioners by name (tolerant of accents, titles, typos) and/or specialty code.

        Best match first. An empty list means nobody matched.
        """
        ...

    async def find_services(self, name: str | None = None, *, limit: int = 5) -> list[ServiceMatch]:
        """Healthcare services by (fuzzy) name, best first; all services when name is None."""
        ...

    async def find_slots(self, query: SlotQuery) -> list[SlotView]:
        """Free slots matching ``query``, earliest first, at most ``query.limit``.

        A slot whose hold has expired counts as free. Slots in the past are never returned.
        """
        ...

    async def find_patients(self, query: PatientQuery) -> list[Patient]:
        """Patients matching every given field (names compared without accents or case)."""
        ...

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
        """Appointments filtered by patient, slot, status and start in [start, end), earliest
        first (a day's schedule: ``start``/``end`` timezone-aware)."""
        ...

    async def list_tasks(self, *, code: str | None = None, limit: int = 100) -> list[Task]:
        """Staff tasks (callbacks, renewals, handoffs), newest first."""
        ...

    async def list_audit_events(self, *, limit: int = 100) -> list[AuditEvent]:
        """The audit trail of writes, newest first."""
        ...

    async def list_communications(
        self,
        *,
        patient_id: str | None = None,
        about: str | None = None,
        category: str | None = None,
        limit: int = 100,
    ) -> list[Communication]:
        """Messages to and from patients, newest first.

        Args:
            patient_id: only messages with this patient.
            about: only messages whose first ``about`` is this reference ("Appointment/x").
            category: only this outreach category code (``OUTREACH_CATEGORY_SYSTEM``).
        """
        ...

    # ---- writes ------------------------------------------------------------------------

    async def create_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        """Register a new patient and return it with its server-assigned id."""
        ...

    async def hold_slot(
        self, slot_id: str, *, duration: timedelta = DEFAULT_HOLD, actor: Actor
    ) -> Hold:
        """Reserve a free slot (busy-tentative) until the hold expires by itself.

        Raises SlotTakenError, SlotInPastError, SlotNotFoundError.
        """
        ...

    async def release_hold(self, hold: Hold, *, actor: Actor) -> None:
        """Give a held slot back (no error when the hold already expired or was used)."""
        ...

    async def book(self, request: BookingRequest) -> Appointment:
        """Book the slot for the patient atomically and idempotently.

        Raises SlotTakenError, SlotInPastError, SlotNotFoundError, PatientNotFoundError.
        """
        ...

    async def cancel(
        self,
        appointment_id: str,
        *,
        patient_id: str | None,
        reason: str | None = None,
        actor: Actor,
    ) -> Appointment:
        """Cancel the appointment and free its slot.

        With ``patient_id``, refuses (AppointmentNotFoundError) an appointment of another
        patient. Cancelling an already cancelled appointment returns it unchanged.
        """
        ...

    async def reschedule(self, appointment_id: str, request: BookingRequest) -> Appointment:
        """Book ``request.slot_id`` and cancel ``appointment_id`` together, or neither.

        The old appointment must belong to ``request.patient_id``. Returns the new Appointment.
        """
        ...

    async def create_task(self, task: Task, *, actor: Actor) -> Task:
        """Put a request in the practice's staff queue (FHIR Task) and return it with its id."""
        ...

    async def update_task(
        self,
        task_id: str,
        *,
        status: str,
        note: str | None = None,
        actor: Actor,
        priority: str | None = None,
    ) -> Task:
        """Move a staff Task to ``status`` (e.g. completed) and, unless None, to ``priority``
        (routine, urgent, asap, stat), adding ``note`` by ``actor``.

        Raises ResourceNotFoundError, InvalidRequestError (not a Task status or priority).
        """
        ...

    async def create_communication(
        self, communication: Communication, *, actor: Actor
    ) -> tuple[Communication, bool]:
        """Record a message unless one with the same message key (identifier of system
        ``MESSAGE_KEY_SYSTEM``) exists. Returns the stored record and whether it is new."""
        ...

    async def update_communication(
        self, communication: Communication, *, actor: Actor
    ) -> Communication:
        """Replace a recorded message (status, sent time); ``meta.versionId`` must be the
        current one, else VersionConflictError."""
        ...

    async def add_to_waitlist(self, entry: Appointment, *, actor: Actor) -> Appointment:
        """Store a waitlist entry: an Appointment ``waitlist`` with a ``requestedPeriod``.

        ``cancel`` withdraws it."""
        ...

    async def update_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        """Replace a patient record (e.g. an opt-out); ``meta.versionId`` must be current,
        else VersionConflictError."""
        ...

    async def record_audit(self, record: AuditRecord) -> AuditEvent:
        """Keep a person's read or action (staff console) in the audit trail, stamped now.

        Returns the stored AuditEvent. Raises BackendUnavailableError when it cannot be kept:
        an access that cannot be audited must not go on silently.
        """
        ...

    async def put_resources(self, resources: Sequence[DomainResource]) -> None:
        """Create or replace resources by id (seeding and administration; not for bookings)."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
