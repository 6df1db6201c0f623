"""The name index finds exactly what a full scan with ``name_score`` finds, with the same scores.

A hospital-sized roster (French and English names, accents, hyphens, particles, shared
surnames) is queried the ways callers say names: exact, given and family in either order,
typos, accents dropped or added, titles, prefixes, names run together or split, and words
that are no name at all.
"""

from __future__ import annotations

import random

from fhir_adapters.matching import MATCH_THRESHOLD, human_name_variants, name_score
from fhir_adapters.name_index import NameIndex
from fhir_adapters.practitioner_index import PractitionerIndex, specialties_of
from fhir_adapters.resources import HumanName, Practitioner, PractitionerRole, ref

FAMILIES = [
    "Martin", "Martín", "Martinez", "Bernard", "Dubois", "Lefèvre", "Lefebvre", "Le Roux",
    "Leroux", "Roux", "Moreau", "Girard", "Gérard", "Fournier", "Mercier", "Chevalier",
    "Saint-Martin", "De la Fontaine", "Nguyen", "Smith", "Smyth", "Johnson", "Brown",
    "O'Brien", "McDonald", "Carter", "Garcia", "Müller", "Lopez", "Durand", "Duran",
    "Petit", "Petitjean", "Benali", "Haddad", "Kowalski", "Van der Berg", "Dupont",
]  # fmt: skip
GIVENS = [
    "Claire", "Jean", "Jean-Pierre", "Élodie", "Hélène", "Paul", "Marie", "Anne-Sophie",
    "Sarah", "Michael", "Chloé", "Luc", "Noémie", "David", "Emma", "Zoë",
]  # fmt: skip


def _roster(count: int, rng: random.Random) -> list[Practitioner]:
    return [
        Practitioner(
            id=f"p{i}",
            active=rng.random() > 0.05,
            name=[HumanName(family=rng.choice(FAMILIES), given=[rng.choice(GIVENS)])],
        )
        for i in range(count)
    ]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    at = rng.randrange(len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1 :]  # a dropped letter
    if kind == 1:
        return word[:at] + "e" + word[at + 1 :]  # a wrong letter
    if kind == 2:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # swapped letters
    return word[:at] + "h" + word[at:]  # an extra letter


def _spoken(rng: random.Random) -> list[str]:
    family, given = rng.choice(FAMILIES), rng.choice(GIVENS)
    title = rng.choice(["", "Dr ", "Dr. ", "docteur ", "Mme ", "Doctor ", "professeur "])
    return [
        family,
        f"{title}{family}",
        f"{given} {family}",
        f"{family} {given}",
        f"{title}{_typo(family, rng)}",
        f"{_typo(given, rng)} {_typo(family, rng)}",
        family.upper().replace("É", "E"),
        family.lower().replace("è", "e").replace("é", "e"),
        family.replace(" ", "").replace("-", " "),
        family[: max(3, len(family) - 2)],
        f"{title}{given}",
        rng.choice(["jeudi matin", "rendez-vous", "the doctor", "demain", "xqzt", "Dr"]),
    ]


def _full_scan(query: str, variants: list[list[str]]) -> list[tuple[int, float]]:
    scored = [(at, name_score(query, v)) for at, v in enumerate(variants)]
    return [(at, s) for at, s in scored if s >= MATCH_THRESHOLD]


def test_the_index_returns_the_full_scans_matches_and_scores() -> None:
    rng = random.Random(13)
    roster = _roster(500, rng)
    variants = [human_name_variants(p.name) for p in roster]
    index = NameIndex(variants)
    checked = matched = 0
    for _ in range(100):
        for query in _spoken(rng):
            expected = _full_scan(query, variants)
            assert index.search(query) == expected, query
            checked += 1
            matched += bool(expected)
    # The queries exercise both sides: most find someone, some find nobody.
    assert checked == 1200
    assert 0.6 * checked < matched < checked


def test_an_index_of_nobody_finds_nobody() -> None:
    assert NameIndex([]).search("Martin") == []
    assert NameIndex([["martin"]]).search("Dr") == []


def _reference(
    roster: list[Practitioner], specialties: dict[str, set[str]], name: str | None, specialty: str
) -> list[tuple[str, float]]:
    """The lookup as it was before the index: every practitioner scored, best first."""
    found = []
    for p in roster:
        if p.active is False or (specialty and specialty not in specialties[str(p.id)]):
            continue
        score = name_score(name, human_name_variants(p.name)) if name else 100.0
        if score >= MATCH_THRESHOLD:
            found.append((p, score))
    found.sort(key=lambda m: (-m[1], human_name_variants(m[0].name)[:1]))
    return [(str(p.id), s) for p, s in found]


def test_practitioner_lookups_are_the_same_as_a_full_scan() -> None:
    rng = random.Random(5)
    roster = _roster(300, rng)
    specialties = ["394814009", "394579002", "394582007"]  # GP, cardiology, dermatology
    roles = [
        PractitionerRole(
            id=f"r{p.id}",
            active=rng.random() > 0.05,
            practitioner=ref("Practitioner", str(p.id)),
            specialty=[
                {"coding": [{"system": "http://snomed.info/sct", "code": rng.choice(specialties)}]}
            ],
        )
        for p in roster
    ]
    index = PractitionerIndex(roster, roles)
    active = {str(r.id)[1:]: set(specialties_of(r)) for r in roles if r.active is not False}
    of = {str(p.id): active.get(str(p.id), set()) for p in roster}
    for _ in range(15):
        for query in [*_spoken(rng), None]:
            for specialty in ("", "cardiology"):
                got = index.find(query, specialty or None, limit=10)
                expected = _reference(roster, of, query, specialty)[:10]
                assert [(str(m.practitioner.id), m.score) for m in got] == expected, (
                    query,
                    specialty,
                )
                for match in got:
                    assert all(r.active is not False for r in match.roles)
