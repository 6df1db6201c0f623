"""The demo practice's patients: a fixed cast that scenarios can name, then seeded extras.

The first patients are the same for every seed and include deliberate homonyms: two
unrelated "Jean Dupont" with different birth dates, and a father and son both called
"Lucas Bernard" who share the family phone. The others are drawn from French and English
name pools with ``random.Random(seed)``; they never repeat a name, so the only homonyms are
the deliberate ones. Phones are written in E.164 and pass ``phonenumbers.is_valid_number``
(the ranges reserved for fiction, ARCEP 06 39 98 and Ofcom 07700 900, do not, and the agent
validates callers' numbers with that library).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from fhir_adapters.demo.codes import MRN_SYSTEM
from fhir_adapters.resources import ContactPoint, HumanName, Identifier, Patient

FR_PHONE_PREFIX = "+3361200"  # + 4 digits
UK_PHONE_PREFIX = "+447700100"  # + 3 digits


@dataclass(frozen=True)
class PatientSpec:
    """The facts one demo patient is made of."""

    given: str
    family: str
    gender: str
    birth_date: date
    phone: str
    language: str = "fr"


FIXED_PATIENTS: tuple[PatientSpec, ...] = (
    PatientSpec("Jean", "Dupont", "male", date(1958, 3, 14), FR_PHONE_PREFIX + "0001"),
    PatientSpec("Jean", "Dupont", "male", date(1991, 7, 2), FR_PHONE_PREFIX + "0002"),
    PatientSpec("Lucas", "Bernard", "male", date(1979, 5, 21), FR_PHONE_PREFIX + "0003"),
    PatientSpec("Lucas", "Bernard", "male", date(2014, 9, 8), FR_PHONE_PREFIX + "0003"),
    PatientSpec("Élodie", "Fournier", "female", date(1986, 11, 30), FR_PHONE_PREFIX + "0005"),
    PatientSpec("Sarah", "Johnson", "female", date(1990, 2, 17), UK_PHONE_PREFIX + "006", "en"),
    PatientSpec("Noémie", "Girard", "female", date(2019, 4, 3), FR_PHONE_PREFIX + "0007"),
    PatientSpec("Michael", "Brown", "male", date(1972, 8, 25), UK_PHONE_PREFIX + "008", "en"),
    PatientSpec("Chloé", "Nguyen", "female", date(1995, 12, 5), FR_PHONE_PREFIX + "0009"),
    PatientSpec("Marguerite", "Rousseau", "female", date(1941, 6, 19), FR_PHONE_PREFIX + "0010"),
)

_FR_GIVEN = {
    "female": (
        "Anaïs",
        "Camille",
        "Céline",
        "Émilie",
        "Inès",
        "Juliette",
        "Léa",
        "Manon",
        "Maëlle",
        "Nathalie",
        "Océane",
        "Sophie",
        "Thérèse",
        "Valérie",
        "Zoé",
        "Agnès",
        "Françoise",
    ),
    "male": (
        "Adrien",
        "Benoît",
        "Clément",
        "Étienne",
        "François",
        "Gaël",
        "Hugo",
        "Jérôme",
        "Louis",
        "Mathéo",
        "Nicolas",
        "Philippe",
        "Raphaël",
        "Sébastien",
        "Théo",
        "Yannick",
    ),
}
_FR_FAMILY = (
    "Bonnet",
    "Chevalier",
    "Clément",
    "Da Silva",
    "Denis",
    "Durand",
    "Faure",
    "Fontaine",
    "Garnier",
    "Gauthier",
    "Lambert",
    "Laurent",
    "Le Gall",
    "Leroy",
    "Mercier",
    "Michel",
    "Morel",
    "Muller",
    "Perrin",
    "Renaud",
    "Robin",
    "Simon",
    "Vincent",
    "Lemaître",
    "Hébert",
    "Bréchet",
    "Noël",
    "Dumas",
)
_EN_GIVEN = {
    "female": ("Amelia", "Charlotte", "Emma", "Grace", "Olivia", "Sophie", "Isla", "Ruby"),
    "male": ("Harry", "Jack", "Oliver", "George", "Noah", "William", "Daniel", "Thomas"),
}
_EN_FAMILY = (
    "Smith",
    "Taylor",
    "Wilson",
    "Davies",
    "Evans",
    "Walker",
    "Wright",
    "Thompson",
    "Hughes",
    "Clarke",
    "Murphy",
    "Patel",
)


def patient_id(number: int) -> str:
    """Stable id of the n-th demo patient, e.g. ``pat-0001``."""
    return f"pat-{number:04d}"


def mrn(number: int) -> str:
    """Medical record number of the n-th demo patient, e.g. ``MRN00001`` (system MRN_SYSTEM)."""
    return f"MRN{number:05d}"


BIRTH_REFERENCE = date(2026, 11, 23)
"""Ages are drawn back from this fixed day, not from the calendar's start, so a patient's
birth date is the same whenever the demo is seeded (eval scenarios quote them)."""


def _random_specs(rng: random.Random, count: int, before: date) -> list[PatientSpec]:
    """Draw ``count`` patients with unique names and phones, born before ``before``."""
    used_names = {(p.given, p.family) for p in FIXED_PATIENTS}
    used_phones = {p.phone for p in FIXED_PATIENTS}
    specs: list[PatientSpec] = []
    while len(specs) < count:
        english = rng.random() < 0.2
        gender = rng.choice(("female", "male"))
        given = rng.choice((_EN_GIVEN if english else _FR_GIVEN)[gender])
        family = rng.choice(_EN_FAMILY if english else _FR_FAMILY)
        if (given, family) in used_names:
            continue
        phone = (
            UK_PHONE_PREFIX + f"{rng.randrange(100, 1000):03d}"
            if english
            else FR_PHONE_PREFIX + f"{rng.randrange(1000, 10000):04d}"
        )
        if phone in used_phones:
            continue
        age_days = rng.randrange(365, 90 * 365)
        used_names.add((given, family))
        used_phones.add(phone)
        specs.append(
            PatientSpec(
                given,
                family,
                gender,
                min(BIRTH_REFERENCE - timedelta(days=age_days), before - timedelta(days=1)),
                phone,
                "en" if english else "fr",
            )
        )
    return specs


def _to_patient(number: int, spec: PatientSpec) -> Patient:
    return Patient(
        id=patient_id(number),
        active=True,
        identifier=[Identifier(system=MRN_SYSTEM, value=mrn(number))],
        name=[HumanName(use="official", family=spec.family, given=[spec.given])],
        gender=spec.gender,
        birthDate=spec.birth_date,
        telecom=[ContactPoint(system="phone", value=spec.phone, use="mobile")],
        communication=[
            {
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": spec.language}]},
                "preferred": True,
            }
        ],
    )


def build_patients(rng: random.Random, *, count: int, before: date) -> list[Patient]:
    """The fixed cast followed by seeded patients, ``count`` in all (at least the cast)."""
    extra = _random_specs(rng, max(0, count - len(FIXED_PATIENTS)), before)
    specs = [*FIXED_PATIENTS, *extra]
    return [_to_patient(number, spec) for number, spec in enumerate(specs, start=1)]


def random_person(
    rng: random.Random, *, avoid: frozenset[str] = frozenset()
) -> tuple[str, str, str, str]:
    """(given, family, gender, language) drawn from the French and English pools, a family
    name in ``avoid`` never (names may repeat: a hospital has its homonyms)."""
    while True:
        english = rng.random() < 0.2
        gender = rng.choice(("female", "male"))
        given = rng.choice((_EN_GIVEN if english else _FR_GIVEN)[gender])
        family = rng.choice(_EN_FAMILY if english else _FR_FAMILY)
        if family not in avoid:
            return given, family, gender, "en" if english else "fr"
