"""A small fixture clinic with unique ids, so contract tests can share one FHIR server.

Two practitioners (a GP and a paediatrician) at one location, a week of slots each at
07:30 (already past on Monday at 08:00), 09:00, 11:00, 14:00 and 18:30 practice time, and
three patients. Every id, family name, identifier and phone carries a per-test tag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fhir_adapters.resources import (
    DomainResource,
    HealthcareService,
    Location,
    Patient,
    Practitioner,
    PractitionerRole,
    Schedule,
    Slot,
    ref,
)

TZ = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 11, 23)
SLOT_TIMES = (time(7, 30), time(9, 0), time(11, 0), time(14, 0), time(18, 30))
SPECIALTY_SYSTEM = "https://frontdesk.dev/specialty"
SERVICE_SYSTEM = "https://frontdesk.dev/service-type"
MRN_SYSTEM = "https://frontdesk.dev/mrn"


def _letters(tag: str) -> str:
    """A tag made of letters only, so it survives name folding ("Dupré-Bcdf")."""
    return "".join(chr(ord("a") + int(c, 16) % 26) for c in tag).capitalize()


@dataclass
class FixtureClinic:
    """The ids and names of one seeded fixture clinic."""

    tag: str
    location_id: str
    gp_id: str
    paed_id: str
    service_id: str
    family: str
    alice_id: str
    bob_id: str
    carol_id: str
    alice_mrn: str
    alice_phone: str
    slots: dict[tuple[str, date, time], str] = field(default_factory=dict)

    def slot(self, practitioner_id: str, day: int, at: time) -> str:
        """Id of ``practitioner_id``'s slot ``day`` days after Monday at local time ``at``."""
        return self.slots[(practitioner_id, MONDAY + timedelta(days=day), at)]

    @property
    def practitioner_ids(self) -> tuple[str, str]:
        return (self.gp_id, self.paed_id)


SNOMED = "http://snomed.info/sct"
HL7_SERVICE_TYPE = "http://terminology.hl7.org/CodeSystem/service-type"
STANDARD_CODES = {
    # our code -> (system, code) the way another EHR codes it
    "general-practice": (SNOMED, "394814009"),
    "paediatrics": (SNOMED, "394537008"),
    "consultation": (HL7_SERVICE_TYPE, "124"),  # General Practice: a kind of care, no visit kind
    "follow-up": (HL7_SERVICE_TYPE, "124"),
    "vaccination": (HL7_SERVICE_TYPE, "57"),  # Immunization
}


def build_clinic(
    tag: str | None = None, *, standard: bool = False
) -> tuple[FixtureClinic, list[DomainResource]]:
    """The fixture clinic's ids and its resources, in an order ``put_resources`` accepts.

    ``standard`` codes it like another EHR would: SNOMED CT specialties, HL7 service-type
    codes, UUID ids for practitioners, schedules and slots.
    """
    tag = tag or uuid.uuid4().hex[:10]

    def _concept(system: str, code: str) -> dict:
        if standard:
            system, code = STANDARD_CODES[code]
        return {"coding": [{"system": system, "code": code}]}

    def _id(text: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, text)) if standard else text

    family = f"Dupré-{_letters(tag)}"
    digits = f"{int(tag, 16) % 10**8:08d}"
    clinic = FixtureClinic(
        tag=tag,
        location_id=f"loc-{tag}",
        gp_id=_id(f"prac-martin-{tag}"),
        paed_id=_id(f"prac-lefevre-{tag}"),
        service_id=f"svc-gp-{tag}",
        family=family,
        alice_id=f"pat-alice-{tag}",
        bob_id=f"pat-bob-{tag}",
        carol_id=f"pat-carol-{tag}",
        alice_mrn=f"MRN-{tag}",
        alice_phone=f"+336{digits}",
    )
    resources: list[DomainResource] = [
        Location(id=clinic.location_id, name=f"Cabinet {tag}", status="active"),
        HealthcareService(
            id=clinic.service_id,
            name="Médecine générale",
            active=True,
            specialty=[_concept(SPECIALTY_SYSTEM, "general-practice")],
            location=[ref("Location", clinic.location_id)],
        ),
    ]

    def _services(codes: tuple[str, ...]) -> list[dict]:
        concepts = [_concept(SERVICE_SYSTEM, s) for s in codes]
        return [c for i, c in enumerate(concepts) if c not in concepts[:i]]

    people = (
        (clinic.gp_id, "Martin", "Paul", "general-practice", ("consultation", "follow-up")),
        (clinic.paed_id, "Lefèvre", "Claire", "paediatrics", ("consultation", "vaccination")),
    )
    for pid, family_name, given, specialty, services in people:
        resources += [
            Practitioner(
                id=pid,
                active=True,
                name=[{"family": family_name, "given": [given], "prefix": ["Dr"]}],
            ),
            PractitionerRole(
                id=_id(f"role-{pid}"),
                active=True,
                practitioner=ref("Practitioner", pid),
                location=[ref("Location", clinic.location_id)],
                specialty=[_concept(SPECIALTY_SYSTEM, specialty)],
            ),
            Schedule(
                id=_id(f"sched-{pid}"),
                active=True,
                actor=[ref("Practitioner", pid), ref("Location", clinic.location_id)],
                serviceType=_services(services),
                specialty=[_concept(SPECIALTY_SYSTEM, specialty)],
            ),
        ]
        for day in range(5):
            for at in SLOT_TIMES:
                when = datetime.combine(MONDAY + timedelta(days=day), at, TZ)
                slot_id = _id(f"slot-{pid}-{day}-{at:%H%M}")
                clinic.slots[(pid, when.date(), at)] = slot_id
                resources.append(
                    Slot(
                        id=slot_id,
                        schedule=ref("Schedule", _id(f"sched-{pid}")),
                        status="free",
                        start=when,
                        end=when + timedelta(minutes=20),
                        serviceType=_services(services),
                        specialty=[_concept(SPECIALTY_SYSTEM, specialty)],
                    )
                )
    resources += [
        Patient(
            id=clinic.alice_id,
            name=[{"family": family, "given": ["Alice", "Marie"]}],
            birthDate=date(1985, 4, 12),
            identifier=[{"system": MRN_SYSTEM, "value": clinic.alice_mrn}],
            telecom=[{"system": "phone", "value": clinic.alice_phone, "use": "mobile"}],
        ),
        Patient(
            id=clinic.bob_id,
            name=[{"family": family, "given": ["Bob"]}],
            birthDate=date(1979, 1, 30),
        ),
        Patient(
            id=clinic.carol_id,
            name=[{"family": family, "given": ["Carol"]}],
            birthDate=date(2015, 6, 1),
        ),
    ]
    return clinic, resources
