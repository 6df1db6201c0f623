"""Riverside Health: a practice frontdesk did not build, coded the way another EHR would.

English, three sites with their own hours and addresses, services coded with the
practice's **local** codes (a few also with SNOMED CT or HL7 service-type), two doctors
called Martin, UUID ids, descriptions in HealthcareService text. ``build_riverside(n)``
makes it with ``n`` practitioners (8 named ones, then generated staff spread over the
services), so the same fixture serves the tests (a dozen) and the import benchmark (a
thousand). Nothing here uses frontdesk's own codes.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.concepts import SERVICE_TYPE, SNOMED
from fhir_adapters.resources import DomainResource, parse_resource

Json = dict[str, Any]
LOCAL = "https://ehr.riverside.example/fhir/CodeSystem/clinic-service"
"""The practice's own code system for its services."""
TZ = "Europe/London"
_NS = uuid.UUID("0b8f2a4e-3c1d-4e5f-8a9b-7c6d5e4f3a2b")


def rid(key: str, tag: str = "") -> str:
    """The UUID of a Riverside resource by its readable key ("site-main", "pract-pmartin");
    ``tag`` gives a separate copy of the practice (tests sharing one server)."""
    return str(uuid.uuid5(_NS, f"{tag}/{key}"))


@dataclass(frozen=True)
class _Site:
    key: str
    name: str
    line: str
    postcode: str
    description: str
    hours: tuple[tuple[tuple[str, ...], str, str], ...]


@dataclass(frozen=True)
class _Service:
    key: str
    name: str
    local: str
    site: str
    text: str
    standard: tuple[str, str, str] | None = None
    """(system, code, display) the EHR adds to its local code, when it does."""


SITES = (
    _Site(
        "main",
        "Riverside Main Building",
        "10 River Road",
        "SE1 7AA",
        "Main building: general practice, heart clinic, skin clinic and physiotherapy.",
        ((("mon", "tue", "wed", "thu", "fri"), "08:00", "18:30"), (("sat",), "09:00", "12:00")),
    ),
    _Site(
        "north",
        "Northgate Clinic",
        "2 Northgate Street",
        "N1 9AA",
        "Northgate Clinic: family doctors and the children's clinic, step-free access.",
        ((("mon", "tue", "wed", "thu"), "09:00", "17:00"),),
    ),
    _Site(
        "dental",
        "Riverside Dental Centre",
        "14 River Road",
        "SE1 7AB",
        "Dental centre on the ground floor, next door to the main building.",
        ((("mon", "tue", "wed", "thu", "fri"), "08:30", "17:30"),),
    ),
)
SERVICES = (
    _Service(
        "gp",
        "General Practice Clinic",
        "GEN",
        "main",
        "Family doctors for adults and children. New patients living in the area are welcome.",
        (SNOMED, "394814009", "General practice"),
    ),
    _Service(
        "gp-north",
        "Northgate Family Doctors",
        "GEN-N",
        "north",
        "Family doctors at Northgate. Late appointments on Tuesdays until 5 pm.",
        (SNOMED, "394814009", "General practice"),
    ),
    _Service(
        "heart",
        "Heart Clinic",
        "CARD-OP",
        "main",
        "Heart check-ups, ECG and blood pressure reviews on the second floor of the main "
        "building. Please bring the list of your medicines.",
    ),
    _Service(
        "skin",
        "Skin Clinic",
        "DERM-OP",
        "main",
        "Moles, eczema and acne. A photo of the skin problem can be sent before the visit.",
    ),
    _Service(
        "physio",
        "Physio Unit",
        "PHYS",
        "main",
        "Physiotherapy for back pain, sports injuries and rehabilitation after surgery. "
        "Wear comfortable clothes.",
    ),
    _Service(
        "children",
        "Children's Clinic",
        "PAED",
        "north",
        "Baby checks, childhood vaccinations and children's illnesses.",
        (SNOMED, "394537008", "Pediatric specialty"),
    ),
    _Service(
        "dental",
        "Dental Surgery",
        "DENT",
        "dental",
        "Check-ups, fillings and hygiene. Emergency dental slots every morning at 8:30.",
        (SERVICE_TYPE, "88", "General dental"),
    ),
    _Service(
        "foot",
        "Foot Health",
        "FOOT",
        "main",
        "Nail cutting, corns and diabetic foot checks.",
    ),
)
NAMED = (
    ("pmartin", "Paul", "Martin", "male", "heart"),
    ("smartin", "Sophie", "Martin", "female", "gp-north"),
    ("khan", "Aisha", "Khan", "female", "gp"),
    ("bennett", "Oliver", "Bennett", "male", "dental"),
    ("wilson", "Grace", "Wilson", "female", "physio"),
    ("chen", "Li", "Chen", "male", "skin"),
    ("cohen", "Hannah", "Cohen", "female", "children"),
    ("price", "Owen", "Price", "male", "foot"),
)
"""The named staff (key, given, family, gender, service): two are called Martin."""
_GIVEN = ("Amelia", "Noah", "Isla", "Leo", "Freya", "Arthur", "Mia", "Jack", "Ava", "Harry")
_FAMILY = ("Taylor", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes")


def _codes(service: _Service) -> list[Json]:
    out: list[Json] = [
        {"coding": [{"system": LOCAL, "code": service.local, "display": service.name}]}
    ]
    if service.standard:
        system, code, display = service.standard
        out[0]["coding"].append({"system": system, "code": code, "display": display})
    return out


def _address(site: _Site) -> Json:
    return {"line": [site.line], "city": "London", "postalCode": site.postcode, "country": "GB"}


def _directory(tag: str) -> list[Json]:
    org = {
        "resourceType": "Organization",
        "id": rid("org", tag),
        "active": True,
        "name": "Riverside Health Partnership",
        "telecom": [
            {"system": "phone", "value": "+44 20 7946 0000", "use": "work"},
            {"system": "email", "value": "reception@riverside.example", "use": "work"},
        ],
        "address": [_address(SITES[0])],
    }
    out: list[Json] = [org]
    for site in SITES:
        out.append(
            {
                "resourceType": "Location",
                "id": rid(f"site-{site.key}", tag),
                "status": "active",
                "name": site.name,
                "description": site.description,
                "address": _address(site),
                "telecom": [{"system": "phone", "value": "+44 20 7946 0000"}],
                "managingOrganization": {"reference": f"Organization/{rid('org', tag)}"},
                "hoursOfOperation": [
                    {"daysOfWeek": list(days), "openingTime": f"{a}:00", "closingTime": f"{b}:00"}
                    for days, a, b in site.hours
                ],
            }
        )
    for service in SERVICES:
        out.append(
            {
                "resourceType": "HealthcareService",
                "id": rid(f"hs-{service.key}", tag),
                "active": True,
                "providedBy": {"reference": f"Organization/{rid('org', tag)}"},
                "name": service.name,
                "type": _codes(service),
                "location": [{"reference": f"Location/{rid(f'site-{service.site}', tag)}"}],
                "comment": service.text,
                "appointmentRequired": True,
            }
        )
    return out


def _staff(n: int, seed: int) -> list[tuple[str, str, str, str, _Service]]:
    by_key = {s.key: s for s in SERVICES}
    staff = [(k, g, f, sex, by_key[s]) for k, g, f, sex, s in NAMED[: max(0, n)]]
    rng = random.Random(seed)
    for i in range(len(staff), n):
        service = SERVICES[i % len(SERVICES)]
        staff.append(
            (f"staff{i}", rng.choice(_GIVEN), f"{rng.choice(_FAMILY)}-{i}", "female", service)
        )
    return staff


def build_riverside(
    practitioners: int = 12,
    *,
    start: date,
    days: int = 5,
    slots_per_day: int = 4,
    seed: int = 7,
    tag: str = "",
) -> list[DomainResource]:
    """Every resource of Riverside Health with ``practitioners`` staff and free slots on
    ``days`` weekdays from ``start`` (references before referents)."""
    tz = ZoneInfo(TZ)
    out = _directory(tag)
    people: list[Json] = []
    for key, given, family, gender, service in _staff(practitioners, seed):
        pid, site = rid(f"pract-{key}", tag), rid(f"site-{service.site}", tag)
        people.append(
            {
                "resourceType": "Practitioner",
                "id": pid,
                "active": True,
                "name": [{"use": "official", "family": family, "given": [given], "prefix": ["Dr"]}],
                "gender": gender,
            }
        )
        people.append(
            {
                "resourceType": "PractitionerRole",
                "id": rid(f"role-{key}", tag),
                "active": True,
                "practitioner": {"reference": f"Practitioner/{pid}"},
                "organization": {"reference": f"Organization/{rid('org', tag)}"},
                "location": [{"reference": f"Location/{site}"}],
                "healthcareService": [
                    {"reference": f"HealthcareService/{rid(f'hs-{service.key}', tag)}"}
                ],
                "specialty": _codes(service),
            }
        )
        people.append(
            {
                "resourceType": "Schedule",
                "id": rid(f"sched-{key}", tag),
                "active": True,
                "actor": [{"reference": f"Practitioner/{pid}"}, {"reference": f"Location/{site}"}],
                "serviceType": _codes(service),
            }
        )
        day, made = start, 0
        while made < days:
            if day.weekday() < 5:
                for k in range(slots_per_day):
                    begin = datetime.combine(day, time(9, 0), tz) + timedelta(minutes=30 * k)
                    people.append(
                        {
                            "resourceType": "Slot",
                            "id": rid(f"slot-{key}-{day}-{k}", tag),
                            "schedule": {"reference": f"Schedule/{rid(f'sched-{key}', tag)}"},
                            "status": "free",
                            "start": begin.isoformat(),
                            "end": (begin + timedelta(minutes=30)).isoformat(),
                            "serviceType": _codes(service),
                        }
                    )
                made += 1
            day += timedelta(days=1)
    return [parse_resource(body) for body in out + people]
