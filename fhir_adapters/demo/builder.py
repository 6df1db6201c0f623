"""Build the demo practice as typed FHIR R4B resources, deterministically from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fhir_adapters.demo.codes import (
    SERVICES_BY_SPECIALTY,
    SPECIALTIES,
    service_type_concept,
    specialty_concept,
)
from fhir_adapters.demo.people import build_patients
from fhir_adapters.demo.staff import (
    CITY,
    ORGANIZATION_EMAIL,
    ORGANIZATION_ID,
    ORGANIZATION_NAME,
    ORGANIZATION_PHONE,
    POSTAL_CODE,
    SITES,
    STAFF,
    WEEKDAY_NAMES,
    StaffSpec,
)
from fhir_adapters.resources import (
    Appointment,
    ContactPoint,
    DomainResource,
    HealthcareService,
    HumanName,
    Location,
    Organization,
    Patient,
    Practitioner,
    PractitionerRole,
    Schedule,
    Slot,
    ref,
)

_FHIR_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class StaffSummary:
    """One practitioner as the CLI and scenario writers see them."""

    id: str
    name: str
    specialty: str
    location_id: str
    working_days: tuple[str, ...]
    slot_minutes: int
    slots: int


@dataclass
class DemoClinic:
    """Every resource of the demo practice, with the parameters that produced it.

    ``slots`` is the generated calendar (all ``free``); after seeding, ``appointments``
    holds the Appointments booked through the backend, whose slots the store marks busy.
    """

    seed: int
    tz: str
    start: date
    weeks: int
    organization: Organization
    locations: list[Location]
    services: list[HealthcareService]
    practitioners: list[Practitioner]
    roles: list[PractitionerRole]
    schedules: list[Schedule]
    slots: list[Slot]
    patients: list[Patient]
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def end(self) -> date:
        """The first day after the generated period."""
        return self.start + timedelta(weeks=self.weeks)

    def resources(self) -> list[DomainResource]:
        """Every generated resource, referenced ones before those that reference them."""
        return [
            self.organization,
            *self.locations,
            *self.services,
            *self.practitioners,
            *self.roles,
            *self.schedules,
            *self.slots,
            *self.patients,
        ]

    def counts(self) -> dict[str, int]:
        """How many resources of each kind the clinic holds."""
        return {
            "organizations": 1,
            "locations": len(self.locations),
            "services": len(self.services),
            "practitioners": len(self.practitioners),
            "roles": len(self.roles),
            "schedules": len(self.schedules),
            "slots": len(self.slots),
            "patients": len(self.patients),
            "appointments": len(self.appointments),
        }

    def staff(self) -> list[StaffSummary]:
        """The practitioners with their specialty, working days and generated slot count."""
        per_schedule: dict[str, int] = {}
        for slot in self.slots:
            key = str(slot.schedule.reference)
            per_schedule[key] = per_schedule.get(key, 0) + 1
        return [
            StaffSummary(
                id=spec.practitioner_id,
                name=spec.display_name,
                specialty=spec.specialty,
                location_id=spec.location_id,
                working_days=tuple(WEEKDAY_NAMES[d - 1] for d in spec.working_days),
                slot_minutes=spec.slot_minutes,
                slots=per_schedule.get(f"Schedule/sched-{spec.key}", 0),
            )
            for spec in STAFF
        ]

    def to_json(self) -> list[str]:
        """Every resource as FHIR JSON, in ``resources()`` order (for comparisons)."""
        return [r.model_dump_json(exclude_none=True) for r in self.resources()]


def _address(street: str) -> dict[str, object]:
    return {"line": [street], "city": CITY, "postalCode": POSTAL_CODE, "country": "FR"}


def _organization() -> Organization:
    return Organization(
        id=ORGANIZATION_ID,
        active=True,
        name=ORGANIZATION_NAME,
        telecom=[
            ContactPoint(system="phone", value=ORGANIZATION_PHONE, use="work"),
            ContactPoint(system="email", value=ORGANIZATION_EMAIL, use="work"),
        ],
        address=[_address(SITES[0].street)],
    )


def _locations() -> list[Location]:
    return [
        Location(
            id=site.id,
            status="active",
            name=site.name,
            description=site.description,
            mode="instance",
            telecom=[ContactPoint(system="phone", value=ORGANIZATION_PHONE, use="work")],
            address=_address(site.street),
            managingOrganization=ref("Organization", ORGANIZATION_ID),
        )
        for site in SITES
    ]


def _available_times(spec: StaffSpec) -> list[dict[str, object]]:
    return [
        {
            "daysOfWeek": [_FHIR_DAYS[day - 1]],
            "availableStartTime": start.isoformat(),
            "availableEndTime": end.isoformat(),
        }
        for day, intervals in sorted(spec.hours.items())
        for start, end in intervals
    ]


def _services() -> list[HealthcareService]:
    services = []
    for code, (french, english) in SPECIALTIES.items():
        staff = [s for s in STAFF if s.specialty == code]
        if not staff:
            continue
        services.append(
            HealthcareService(
                id=f"hs-{code}",
                active=True,
                providedBy=ref("Organization", ORGANIZATION_ID),
                name=french,
                comment=english,
                specialty=[specialty_concept(code)],
                type=[service_type_concept(c) for c in SERVICES_BY_SPECIALTY[code]],
                location=[ref("Location", loc) for loc in sorted({s.location_id for s in staff})],
                appointmentRequired=True,
            )
        )
    return services


def _practitioner(spec: StaffSpec) -> Practitioner:
    name = HumanName(
        use="official",
        family=spec.family,
        given=[spec.given],
        prefix=[spec.prefix] if spec.prefix else None,
        text=spec.display_name,
    )
    return Practitioner(
        id=spec.practitioner_id,
        active=True,
        name=[name],
        gender=spec.gender,
        telecom=[ContactPoint(system="phone", value=ORGANIZATION_PHONE, use="work")],
        communication=[
            {"coding": [{"system": "urn:ietf:bcp:47", "code": lang}]} for lang in spec.languages
        ],
    )


def _role(spec: StaffSpec) -> PractitionerRole:
    return PractitionerRole(
        id=f"role-{spec.key}",
        active=True,
        practitioner=ref("Practitioner", spec.practitioner_id),
        organization=ref("Organization", ORGANIZATION_ID),
        location=[ref("Location", spec.location_id)],
        healthcareService=[ref("HealthcareService", f"hs-{spec.specialty}")],
        specialty=[specialty_concept(spec.specialty)],
        availableTime=_available_times(spec),
    )


def _schedule(spec: StaffSpec, start: date, end: date, tz: ZoneInfo) -> Schedule:
    return Schedule(
        id=f"sched-{spec.key}",
        active=True,
        actor=[ref("Practitioner", spec.practitioner_id), ref("Location", spec.location_id)],
        serviceType=[service_type_concept(c) for c in SERVICES_BY_SPECIALTY[spec.specialty]],
        specialty=[specialty_concept(spec.specialty)],
        planningHorizon={
            "start": datetime.combine(start, datetime.min.time(), tz),
            "end": datetime.combine(end, datetime.min.time(), tz),
        },
        comment=f"{spec.display_name}, {SPECIALTIES[spec.specialty][0]}",
    )


def _slots(spec: StaffSpec, start: date, days: int, tz: ZoneInfo) -> list[Slot]:
    """Free slots of ``spec.slot_minutes`` filling each working interval of each day."""
    length = timedelta(minutes=spec.slot_minutes)
    service_types = [service_type_concept(c) for c in SERVICES_BY_SPECIALTY[spec.specialty]]
    slots: list[Slot] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for open_at, close_at in spec.hours.get(day.isoweekday(), ()):
            at = datetime.combine(day, open_at, tz)
            closing = datetime.combine(day, close_at, tz)
            while at + length <= closing:
                slots.append(
                    Slot(
                        id=f"slot-{spec.key}-{at:%Y%m%d-%H%M}",
                        schedule=ref("Schedule", f"sched-{spec.key}"),
                        status="free",
                        start=at,
                        end=at + length,
                        serviceType=service_types,
                        specialty=[specialty_concept(spec.specialty)],
                    )
                )
                at += length
    return slots


def build_demo_clinic(
    *, seed: int = 42, tz: str = "Europe/Paris", start: date, weeks: int = 4, patients: int = 50
) -> DemoClinic:
    """Generate the demo practice "Maison de santé des Tilleuls".

    Args:
        seed: drives every random choice (the seeded patients); the same seed gives the
            same resources, byte for byte.
        tz: the practice's IANA time zone; opening hours are local to it.
        start: first day of the generated calendar.
        weeks: number of weeks of slots from ``start``.
        patients: how many patients (the fixed cast of 10 comes first).

    Returns:
        A DemoClinic whose resources have stable ids (``pract-martin``, ``loc-main``,
        ``hs-general-practice``, ``sched-martin``, ``slot-martin-20261124-0830``,
        ``pat-0001``).
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    zone = ZoneInfo(tz)
    rng = random.Random(seed)
    end = start + timedelta(weeks=weeks)
    return DemoClinic(
        seed=seed,
        tz=tz,
        start=start,
        weeks=weeks,
        organization=_organization(),
        locations=_locations(),
        services=_services(),
        practitioners=[_practitioner(s) for s in STAFF],
        roles=[_role(s) for s in STAFF],
        schedules=[_schedule(s, start, end, zone) for s in STAFF],
        slots=[slot for s in STAFF for slot in _slots(s, start, weeks * 7, zone)],
        patients=build_patients(rng, count=patients, before=start),
    )
