"""Put the demo practice into a scheduling backend and book its existing appointments.

Bookings go through ``backend.book`` rather than ``put_resources`` so the store's own
invariants (a booked Appointment if and only if a busy Slot, an audit trail) hold for the
seeded data exactly as for the agent's bookings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.demo.builder import DemoClinic, build_demo_clinic
from fhir_adapters.demo.staff import ORGANIZATION_ID, STAFF
from fhir_adapters.demo.standard import recode, standard_id
from fhir_adapters.errors import ResourceNotFoundError, SlotInPastError, SlotTakenError
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.resources import Organization, Patient, Slot

SEED_ACTOR = Actor(name="demo-seed")


@dataclass(frozen=True)
class PlannedVisit:
    """A booking that scenarios can count on: patient, practitioner, day offset, local time."""

    patient_id: str
    practitioner_key: str
    day_offset: int
    at: time
    service_type: str = "consultation"


PLANNED_VISITS: tuple[PlannedVisit, ...] = (
    PlannedVisit("pat-0001", "martin", 2, time(10, 30), "follow-up"),
    PlannedVisit("pat-0002", "moreau", 1, time(18, 0)),
    PlannedVisit("pat-0004", "roux", 7, time(17, 0), "check-up"),
    PlannedVisit("pat-0006", "carter", 1, time(14, 0), "first-visit"),
    PlannedVisit("pat-0007", "lefevre", 3, time(9, 0), "vaccination"),
)
"""Each lands on the first working day of that practitioner on or after ``start + offset``."""


def _planned_slot(clinic: DemoClinic, visit: PlannedVisit) -> Slot | None:
    schedule = f"Schedule/sched-{visit.practitioner_key}"
    first_day = clinic.start + timedelta(days=visit.day_offset)
    zone = ZoneInfo(clinic.tz)
    for slot in clinic.slots:
        local = slot.start.astimezone(zone)  # type: ignore[union-attr]
        if (
            slot.schedule.reference == schedule
            and local.date() >= first_day
            and local.time() == visit.at
        ):
            return slot
    return None


def _age(patient: Patient, on: date) -> int:
    born = patient.birthDate
    assert isinstance(born, date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _fits(patient: Patient, specialty: str, on: date) -> bool:
    """Children see the paediatrician, adults the others; gynaecology sees women."""
    child = _age(patient, on) < 16
    if specialty == "paediatrics":
        return child
    if specialty == "gynaecology":
        return not child and patient.gender == "female"
    return not child or specialty in ("dentistry", "general-practice")


def _random_visits(
    clinic: DemoClinic, rng: random.Random, count: int
) -> list[tuple[Slot, str, str]]:
    """Draw (slot, patient id, service type) in a seeded order; more than needed, as some fail."""
    specialty = {f"Schedule/sched-{s.key}": s.specialty for s in STAFF}
    candidates = rng.sample(clinic.slots, k=min(len(clinic.slots), count * 4))
    visits: list[tuple[Slot, str, str]] = []
    for slot in candidates:
        spec = specialty[str(slot.schedule.reference)]
        fitting = [p for p in clinic.patients if _fits(p, spec, clinic.start)]
        visits.append((slot, str(rng.choice(fitting).id), "consultation"))
    return visits


Coding = Literal["demo", "standard"]
"""How the practice is coded: frontdesk's codes and readable ids, or another EHR's way
(SNOMED CT, HL7 service-type, UUID ids; ``fhir_adapters.demo.standard``)."""


def _id(demo_id: str, coding: Coding) -> str:
    return standard_id(demo_id) if coding == "standard" else demo_id


async def is_seeded(backend: SchedulingBackend, coding: Coding = "demo") -> bool:
    """Whether the demo practice's Organization is already in the store."""
    try:
        await backend.get(Organization, _id(ORGANIZATION_ID, coding))
    except ResourceNotFoundError:
        return False
    return True


async def seed_demo_clinic(
    backend: SchedulingBackend,
    *,
    seed: int = 42,
    tz: str = "Europe/Paris",
    start: date,
    weeks: int = 4,
    existing_appointments: int = 15,
    coding: Coding = "demo",
) -> DemoClinic:
    """Write the demo practice into an empty ``backend`` and book some appointments.

    The planned visits (``PLANNED_VISITS``) come first, then seeded random ones, until
    ``existing_appointments`` are booked. Slots already in the past for the backend's clock
    are skipped. Calling this on a store that already holds the practice would free its
    booked slots: check ``is_seeded`` first. ``coding="standard"`` writes the same practice
    coded as another EHR would (``fhir_adapters.demo.standard``).

    Returns:
        The DemoClinic, with ``appointments`` set to what was booked.
    """
    clinic = build_demo_clinic(seed=seed, tz=tz, start=start, weeks=weeks)
    resources = clinic.resources()
    await backend.put_resources(recode(resources) if coding == "standard" else resources)
    rng = random.Random(f"{seed}-appointments")
    planned = [
        (slot, visit.patient_id, visit.service_type)
        for visit in PLANNED_VISITS
        if (slot := _planned_slot(clinic, visit)) is not None
    ]
    drawn = _random_visits(clinic, rng, existing_appointments)
    for slot, patient_id, service_type in [*planned, *drawn]:
        if len(clinic.appointments) >= existing_appointments:
            break
        request = BookingRequest(
            slot_id=_id(str(slot.id), coding),
            patient_id=_id(patient_id, coding),
            idempotency_key=f"demo-seed-{seed}-{slot.id}",
            service_type=service_type,
            actor=SEED_ACTOR,
        )
        try:
            clinic.appointments.append(await backend.book(request))
        except (SlotInPastError, SlotTakenError):
            continue
    return clinic
