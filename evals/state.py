"""Snapshots of the store before and after a call, and what the call changed.

Only the protocol's read methods are used, so the same diff works on the embedded store and
on a FHIR server. Writes made by the scenario's own hooks are set apart: they are the
practice's doing, not the agent's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.codings import specialty_keys, visit_of
from fhir_adapters.resources import Appointment, AuditEvent, Task, ref_id

_MANY = 100_000


@dataclass(frozen=True)
class ApptFacts:
    """The facts of an appointment the checks look at."""

    id: str
    status: str
    patient_id: str | None
    practitioner_id: str | None
    slot_id: str | None
    start: datetime | None
    service_type: str | None
    specialty: str | None
    window_start: datetime | None = None
    """A waitlist entry's wished window (``requestedPeriod``), start and end."""
    window_end: datetime | None = None


@dataclass
class Snapshot:
    """Appointments, tasks and audit trail at one moment."""

    appointments: dict[str, ApptFacts]
    tasks: dict[str, Task]
    audit_ids: set[str]
    audit: list[AuditEvent] = field(default_factory=list)


def _first_code(concepts: list | None) -> str | None:
    for concept in concepts or []:
        for coding in concept.coding or []:
            if coding.code:
                return str(coding.code)
    return None


def appt_facts(appointment: Appointment) -> ApptFacts:
    """Flatten an Appointment into the facts the checks need."""
    patient = practitioner = None
    for participant in appointment.participant or []:
        patient = patient or ref_id(participant.actor, "Patient")
        practitioner = practitioner or ref_id(participant.actor, "Practitioner")
    slots = appointment.slot or []
    return ApptFacts(
        id=str(appointment.id),
        status=str(appointment.status),
        patient_id=patient,
        practitioner_id=practitioner,
        slot_id=ref_id(slots[0], "Slot") if slots else None,
        start=appointment.start,
        # The visit kind as a concept: an EHR writes it in its own codes (HL7 v2-0276
        # appointmentType, a serviceType of its own), the checks speak ours.
        service_type=visit_of(appointment.model_dump(mode="json", exclude_none=True))
        or _first_code(appointment.serviceType),
        specialty=next(
            iter(specialty_keys([c.model_dump(mode="json") for c in appointment.specialty or []])),
            None,
        ),
        window_start=periods[0].start if (periods := appointment.requestedPeriod) else None,
        window_end=periods[0].end if periods else None,
    )


async def snapshot(backend: SchedulingBackend) -> Snapshot:
    """Read the current appointments, tasks and audit trail."""
    views = await backend.list_appointments(limit=_MANY)
    tasks = await backend.list_tasks(limit=_MANY)
    audit = await backend.list_audit_events(limit=_MANY)
    return Snapshot(
        appointments={v.appointment_id: appt_facts(v.appointment) for v in views},
        tasks={str(t.id): t for t in tasks},
        audit_ids={str(a.id) for a in audit},
        audit=list(audit),
    )


@dataclass
class Changes:
    """What changed between two snapshots."""

    booked: list[ApptFacts]
    cancelled: list[ApptFacts]
    new_tasks: list[Task]
    new_audit: list[AuditEvent]
    registered_patients: list[str]
    waitlisted: list[ApptFacts] = field(default_factory=list)
    """Waitlist entries the call added (Appointments ``waitlist``)."""


def _created_patients(events: list[AuditEvent]) -> list[str]:
    created: list[str] = []
    for event in events:
        if event.action != "C":
            continue
        for entity in event.entity or []:
            pid = ref_id(entity.what, "Patient") if entity.what else None
            if pid:
                created.append(pid)
    return created


def diff(before: Snapshot, after: Snapshot, *, ignore_appointments: set[str]) -> Changes:
    """The changes from ``before`` to ``after``, leaving out ``ignore_appointments`` (hooks)."""
    booked: list[ApptFacts] = []
    cancelled: list[ApptFacts] = []
    waitlisted: list[ApptFacts] = []
    for aid, facts in after.appointments.items():
        if aid in ignore_appointments:
            continue
        old = before.appointments.get(aid)
        if old is None and facts.status == "booked":
            booked.append(facts)
        elif old is None and facts.status == "waitlist":
            waitlisted.append(facts)
        elif facts.status == "cancelled" and (old is None or old.status != "cancelled"):
            cancelled.append(facts)
    new_audit = [a for a in after.audit if str(a.id) not in before.audit_ids]
    return Changes(
        booked=booked,
        cancelled=cancelled,
        new_tasks=[t for tid, t in after.tasks.items() if tid not in before.tasks],
        new_audit=new_audit,
        registered_patients=_created_patients(new_audit),
        waitlisted=waitlisted,
    )
