"""The demo practice grown to a hospital: more sites, services, practitioners, slots, patients.

``frontdesk seed --size hospital`` writes the demo practice first (its staff and patients
are what scenarios and benchmarks name), then a seeded hospital around it, coded the way
another EHR would code it: SNOMED CT specialties on roles, schedules and slots, HL7
service-type codes, one HealthcareService per specialty and site. Everyone's weekly
sessions repeat for ``weeks`` weeks, so the default (1,000 practitioners, two half-day
sessions a week, 13 weeks) makes about 200,000 slots.

Resources are produced as FHIR JSON in chunks, so a store can take them through its bulk
path (the embedded store's ``load_json``) or, for a FHIR server, as typed resources in
transaction bundles; ``progress`` is told how many were written as they go.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.concepts import SERVICE_TYPE, SNOMED, SPECIALTIES, Concept
from fhir_adapters.demo.codes import MRN_SYSTEM
from fhir_adapters.demo.people import BIRTH_REFERENCE, mrn, patient_id, random_person
from fhir_adapters.demo.staff import ORGANIZATION_ID, STAFF
from fhir_adapters.errors import ResourceNotFoundError
from fhir_adapters.resources import Practitioner, parse_resource

Json = dict[str, Any]
Progress = Callable[[str, int], None]
"""Told (what, how many more were written) as chunks land."""

SITE_NAMES = (
    ("Site Nord", "2 avenue de la République"),
    ("Site Sud", "48 boulevard Voltaire"),
    ("Site Est", "7 rue de Charonne"),
    ("Site Ouest", "120 rue Oberkampf"),
    ("Site Centre", "3 place de la Bastille"),
)
SESSIONS = ((time(8, 30), time(12, 30)), (time(14, 0), time(18, 0)))
"""A morning and an afternoon session (local time)."""
SLOT_MINUTES = 30
CHUNK = 5_000
PRACTICE_PATIENTS = 50
"""The demo practice's own patients (``pat-0001``..): the hospital's are numbered after them."""


@dataclass(frozen=True)
class HospitalSize:
    """How big the generated hospital is (on top of the demo practice)."""

    sites: int = 3
    services: int = 40
    practitioners: int = 1_000
    sessions_per_week: int = 2
    patients: int = 20_000
    """Patients in all, the demo practice's 50 included."""

    def slots(self, weeks: int) -> int:
        """Slots the hospital adds over ``weeks`` weeks."""
        per_session = (SESSIONS[0][1].hour * 60 + SESSIONS[0][1].minute) - (
            SESSIONS[0][0].hour * 60 + SESSIONS[0][0].minute
        )
        return self.practitioners * self.sessions_per_week * weeks * per_session // SLOT_MINUTES


HOSPITAL = HospitalSize()
PRACTICE = HospitalSize(sites=0, services=0, practitioners=0, patients=PRACTICE_PATIENTS)


def _coded(concept: Concept) -> tuple[list[Json], list[Json]]:
    """(specialty, serviceType) CodeableConcepts of a specialty, in SNOMED CT and HL7 codes."""
    specialty = [
        {
            "coding": [{"system": SNOMED, "code": concept.snomed[0], "display": concept.en}],
            "text": concept.fr,
        }
    ]
    service = [
        {"coding": [{"system": SERVICE_TYPE, "code": code, "display": concept.en}]}
        for code in concept.service_type[:1]
    ]
    return specialty, service


@dataclass(frozen=True)
class _Service:
    id: str
    concept: Concept
    site: str


class HospitalBuilder:
    """Generates the hospital's resources deterministically from ``seed``."""

    def __init__(self, size: HospitalSize, *, seed: int, tz: str, start: date, weeks: int) -> None:
        self.size = size
        self.rng = random.Random(f"hospital-{seed}")
        self.zone = ZoneInfo(tz)
        self.start = start
        self.weeks = weeks
        concepts = [c for c in SPECIALTIES if c.snomed]
        self.sites = [f"loc-h{n + 1}" for n in range(min(size.sites, len(SITE_NAMES)))]
        self.services = [
            _Service(
                f"hs-h{n + 1:03d}", concepts[n % len(concepts)], self.sites[n % len(self.sites)]
            )
            for n in range(size.services if self.sites else 0)
        ]

    def directory(self) -> list[Json]:
        """Sites, services, practitioners, roles and schedules."""
        out: list[Json] = []
        for n, site in enumerate(self.sites):
            name, street = SITE_NAMES[n]
            out.append(
                {
                    "resourceType": "Location",
                    "id": site,
                    "status": "active",
                    "name": name,
                    "mode": "instance",
                    "address": {"line": [street], "city": "Paris", "country": "FR"},
                    "managingOrganization": {"reference": f"Organization/{ORGANIZATION_ID}"},
                }
            )
        for service in self.services:
            specialty, service_type = _coded(service.concept)
            site_name = SITE_NAMES[self.sites.index(service.site)][0]
            out.append(
                {
                    "resourceType": "HealthcareService",
                    "id": service.id,
                    "active": True,
                    "providedBy": {"reference": f"Organization/{ORGANIZATION_ID}"},
                    "name": f"{service.concept.fr} ({site_name})",
                    "specialty": specialty,
                    "type": service_type,
                    "location": [{"reference": f"Location/{service.site}"}],
                    "appointmentRequired": True,
                }
            )
        for p in range(self.size.practitioners if self.services else 0):
            out.extend(self._person(p))
        return out

    def _person(self, p: int) -> list[Json]:
        pid, key = f"pract-h{p + 1:04d}", f"h{p + 1:04d}"
        service = self.services[p % len(self.services)]
        given, family, gender, language = random_person(self.rng, avoid=_DEMO_FAMILIES)
        specialty, service_type = _coded(service.concept)
        return [
            {
                "resourceType": "Practitioner",
                "id": pid,
                "active": True,
                "name": [{"use": "official", "family": family, "given": [given], "prefix": ["Dr"]}],
                "gender": gender,
                "communication": [{"coding": [{"system": "urn:ietf:bcp:47", "code": language}]}],
            },
            {
                "resourceType": "PractitionerRole",
                "id": f"role-{key}",
                "active": True,
                "practitioner": {"reference": f"Practitioner/{pid}"},
                "organization": {"reference": f"Organization/{ORGANIZATION_ID}"},
                "location": [{"reference": f"Location/{service.site}"}],
                "healthcareService": [{"reference": f"HealthcareService/{service.id}"}],
                "specialty": specialty,
            },
            {
                "resourceType": "Schedule",
                "id": f"sched-{key}",
                "active": True,
                "actor": [
                    {"reference": f"Practitioner/{pid}"},
                    {"reference": f"Location/{service.site}"},
                ],
                "serviceType": service_type,
                "specialty": specialty,
            },
        ]

    def slots(self) -> Iterator[Json]:
        """Every practitioner's free slots, practitioner by practitioner."""
        length = timedelta(minutes=SLOT_MINUTES)
        rng = random.Random(self.rng.random())
        for p in range(self.size.practitioners if self.services else 0):
            key = f"h{p + 1:04d}"
            service = self.services[p % len(self.services)]
            specialty, service_type = _coded(service.concept)
            sessions = rng.sample(
                [(day, s) for day in range(5) for s in SESSIONS], self.size.sessions_per_week
            )
            for week in range(self.weeks):
                for day, (open_at, close_at) in sorted(sessions):
                    on = self.start + timedelta(days=7 * week + day - self.start.weekday())
                    if on < self.start:
                        on += timedelta(days=7 * self.weeks)
                    at = datetime.combine(on, open_at, self.zone)
                    closing = datetime.combine(on, close_at, self.zone)
                    while at + length <= closing:
                        yield {
                            "resourceType": "Slot",
                            "id": f"slot-{key}-{at:%Y%m%d-%H%M}",
                            "schedule": {"reference": f"Schedule/sched-{key}"},
                            "status": "free",
                            "start": at.isoformat(),
                            "end": (at + length).isoformat(),
                            "serviceType": service_type,
                            "specialty": specialty,
                        }
                        at += length

    def patients(self) -> Iterator[Json]:
        """Patients after the demo practice's own, with unique MRNs and phone numbers."""
        rng = random.Random(self.rng.random())
        for number in range(PRACTICE_PATIENTS + 1, self.size.patients + 1):
            given, family, gender, language = random_person(rng)
            born = BIRTH_REFERENCE - timedelta(days=rng.randrange(365, 90 * 365))
            yield {
                "resourceType": "Patient",
                "id": patient_id(number),
                "active": True,
                "identifier": [{"system": MRN_SYSTEM, "value": mrn(number)}],
                "name": [{"use": "official", "family": family, "given": [given]}],
                "gender": gender,
                "birthDate": born.isoformat(),
                # +33 6 13 .. .. .. : a mobile range apart from the practice's own patients.
                "telecom": [{"system": "phone", "value": f"+33613{number:06d}", "use": "mobile"}],
                "communication": [
                    {
                        "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": language}]},
                        "preferred": True,
                    }
                ],
            }


_DEMO_FAMILIES = frozenset(s.family for s in STAFF)
"""Hospital practitioners never share a surname with the practice's own staff, so "Dr
Dubois" still means the demo's Dr Dubois in scenarios and benchmarks."""


def chunks(items: Iterator[Json], size: int = CHUNK) -> Iterator[list[Json]]:
    """``items`` in lists of ``size``."""
    batch: list[Json] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def is_hospital_seeded(backend: SchedulingBackend) -> bool:
    """Whether the hospital's first practitioner is already in the store."""
    try:
        await backend.get(Practitioner, "pract-h0001")
    except ResourceNotFoundError:
        return False
    return True


def bulk_writer(backend: SchedulingBackend) -> Callable[[list[Json]], Awaitable[None]]:
    """How to write chunks of FHIR JSON to ``backend``: the embedded store's bulk path (no
    models built), else typed resources through ``put_resources`` (transaction bundles)."""
    load_json = getattr(backend, "load_json", None)
    if callable(load_json):

        async def bulk(batch: list[Json]) -> None:
            await asyncio.to_thread(load_json, batch)

        return bulk

    async def typed(batch: list[Json]) -> None:
        await backend.put_resources([parse_resource(body) for body in batch])

    return typed


async def write_hospital(
    builder: HospitalBuilder,
    write: Callable[[list[Json]], Awaitable[None]],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the hospital through ``write`` (one call per chunk); how many of each were written."""
    counts = {"directory": 0, "slots": 0, "patients": 0}
    parts: list[tuple[str, Iterator[Json]]] = [
        ("directory", iter(builder.directory())),
        ("slots", builder.slots()),
        ("patients", builder.patients()),
    ]
    for what, items in parts:
        for batch in chunks(items):
            await write(batch)
            counts[what] += len(batch)
            if progress is not None:
                progress(what, len(batch))
    return counts
