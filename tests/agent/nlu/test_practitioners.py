"""Practitioner mentions, 'anyone', 'same as last time', and specialty/service words."""

from __future__ import annotations

import random

import pytest

from agent.nlu.language import COMMON_WORDS
from agent.nlu.normalize import normalize
from agent.nlu.practitioners import (
    _TITLE,
    _WITH,
    _variants,
    find_practitioner,
    find_service,
    find_specialty,
    wants_any_practitioner,
    wants_same_practitioner,
)
from agent.nlu.spelling import correct
from fhir_adapters.matching import MATCH_THRESHOLD, name_score, strip_titles

NAMES = ["Dr Claire Martin", "Dr Thomas Dubois", "Dr James O'Brien", "Dr Hélène Lefèvre",
         "Camille Moreau"]  # fmt: skip


def folded(text: str) -> str:
    return correct(normalize(text).folded)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Martin", "Dr Claire Martin"),
        ("docteur martn", "Dr Claire Martin"),
        ("with Dr. Lefèvre", "Dr Hélène Lefèvre"),
        ("avec le docteur lefevre", "Dr Hélène Lefèvre"),
        ("chez le dr dubois svp", "Dr Thomas Dubois"),
        ("can I see doctor o'brien", "Dr James O'Brien"),
        ("with Camille Moreau", "Camille Moreau"),
        ("avec Moreau", "Camille Moreau"),
        ("I'd like to see Dubois", "Dr Thomas Dubois"),
        ("Dr Durand", "Dr Durand"),  # unknown to the practice: returned as said
        ("demain matin", None),  # "matin" is not "Martin"
        ("I need a doctor for my back", None),
        ("can I see a doctor", None),
        ("could the doctor renew my prescription", None),
        ("dr durand", None),  # unknown and not capitalised: too likely a misreading
    ],
)
def test_practitioner_mentions(text: str, expected: str | None) -> None:
    utterance = normalize(text)
    assert find_practitioner(utterance.folded, NAMES, said=utterance.words) == expected


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        # What a recogniser wrote for a surname it does not know.
        ("I'd like to see Dr. DuWa please", "Dr Thomas Dubois"),
        ("avec le docteur Dubaw", "Dr Thomas Dubois"),
        ("with doctor Dubwa", "Dr Thomas Dubois"),
        ("docteur Lefaivre", "Dr Hélène Lefèvre"),
        # Another real name, or far from every surname: as said (or nothing).
        ("Dr Robert", "Dr Robert"),
        ("Dr Durand", "Dr Durand"),
        ("Dr Dupont", "Dr Dupont"),
        ("docteur marteau", None),
    ],
)
def test_on_a_call_a_titled_name_is_also_matched_by_sound(heard: str, expected: str | None) -> None:
    utterance = normalize(heard)
    assert find_practitioner(utterance.folded, NAMES, said=utterance.words, by_sound=True) == (
        expected
    )


def test_a_name_that_sounds_like_two_surnames_finds_neither() -> None:
    names = ["Dr Anne Leroy", "Dr Marc Leroi"]
    assert find_practitioner("dr lerwa", names[:1], by_sound=True) == "Dr Anne Leroy"
    assert find_practitioner("dr lerwa", names, by_sound=True) is None
    # Typed text is never matched by sound.
    assert find_practitioner("dr duwa", NAMES) is None


def test_bare_surname_off_while_patient_gives_their_name() -> None:
    assert find_practitioner(normalize("Pierre Martin").folded, NAMES, bare_names=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anyone", True), ("n'importe qui", True), ("peu importe le médecin", True),
        ("whoever is free", True), ("no preference", True), ("pas de préférence", True),
        ("with Dr Martin or anyone", True), ("avec le docteur Martin", False),
    ],
)  # fmt: skip
def test_any_practitioner(text: str, expected: bool) -> None:
    assert wants_any_practitioner(folded(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the same doctor as last time", True),
        ("le même médecin que la dernière fois", True),
        ("same as last time", True),
        ("mon médecin habituel", True),
        ("my usual doctor please", True),
        ("anyone", False),
    ],
)
def test_same_practitioner(text: str, expected: bool) -> None:
    assert wants_same_practitioner(folded(text)) is expected


SPECIALTIES = ["general-practice", "paediatrics", "dentistry", "physiotherapy", "dermatology",
               "gynaecology"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dentist", "dentistry"), ("un dentiste", "dentistry"), ("j'ai mal aux dents", "dentistry"),
        ("I have a toothache", "dentistry"), ("kiné", "physiotherapy"),
        ("physio for my knee", "physiotherapy"), ("un pédiatre pour mon fils", "paediatrics"),
        ("dermato", "dermatology"), ("a skin problem", "dermatology"),
        ("un grain de beauté", "dermatology"), ("gynéco", "gynaecology"),
        ("médecin généraliste", "general-practice"), ("my GP", "general-practice"),
        ("family doctor", "general-practice"), ("for my son", None), ("mon bébé", None),
        ("a doctor", None),
    ],
)  # fmt: skip
def test_specialties(text: str, expected: str | None) -> None:
    assert find_specialty(folded(text), SPECIALTIES) == expected


def test_complaint_words_restricted_to_the_practice_catalogue() -> None:
    # "mal aux dents" at a practice without a dentist is a GP visit, not "we have none".
    assert find_specialty(folded("j'ai mal aux dents"), ["general-practice"]) is None
    assert find_specialty(folded("a skin rash"), ["general-practice"]) is None


def test_provider_words_understood_outside_the_catalogue() -> None:
    # Issue 13: "a cardiologist" must never quietly become a GP; the graph says "we have none".
    assert find_specialty(folded("dentiste"), ["general-practice"]) == "dentistry"
    assert find_specialty(folded("un cardiologue"), ["general-practice"]) == "cardiology"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vaccin", "vaccination"), ("vaccination contre la grippe", "vaccination"),
        ("a flu shot", "vaccination"), ("un check-up", "check-up"), ("un bilan", "check-up"),
        ("annual physical", "check-up"), ("un suivi", "follow-up"), ("follow-up", "follow-up"),
        ("bilan sanguin", None), ("rendez-vous", None),
        # Speech recognition's "a" for an unstressed "up".
        ("I need to follow a visit with Dr Martin", "follow-up"),
        ("a check of appointment", "check-up"), ("I want to follow a diet", None),
    ],
)  # fmt: skip
def test_services(text: str, expected: str | None) -> None:
    services = ["consultation", "first-visit", "follow-up", "vaccination", "check-up"]
    assert find_service(folded(text), services) == expected


def _spotted_by_full_scan(corrected: str, names: list[str]) -> str | None:
    """Name spotting as it was before the name index: every name scored per candidate."""

    def best(query: str) -> str | None:
        if query in COMMON_WORDS or len(query) < 3:
            return None
        scored = [(name_score(query, _variants(n)), n) for n in names]
        scored = [s for s in scored if s[0] >= MATCH_THRESHOLD]
        return max(scored)[1] if scored else None

    candidates = [m.group(1) for m in _TITLE.finditer(corrected)]
    candidates += [m.group(1) for m in _WITH.finditer(corrected)]
    for candidate in candidates:
        words = candidate.split()
        for query in (words[0], candidate) if len(words) > 1 else (candidate,):
            match = best(query)
            if match:
                return match
    tokens = set(corrected.split())
    for name in names:
        family = strip_titles(name).split()[-1:]
        if family and family[0] in tokens and len(family[0]) >= 4:
            return name
    return None


def test_a_hospital_roster_spots_the_same_names_as_a_full_scan() -> None:
    rng = random.Random(3)
    families = ["Martin", "Martín", "Martinez", "Lefèvre", "Lefebvre", "Le Roux", "Leroux",
                "Moreau", "Girard", "O'Brien", "Nguyen", "Smith", "Smyth", "Saint-Martin",
                "Dubois", "Durand", "Duran", "Petit", "Petitjean", "Van der Berg"]  # fmt: skip
    givens = ["Claire", "Jean-Pierre", "Élodie", "Paul", "Sarah", "Chloé", "Thomas"]
    names = [f"Dr {rng.choice(givens)} {rng.choice(families)}" for _ in range(800)]
    said = [
        "je voudrais voir le docteur {f} jeudi",
        "an appointment with dr {f} please",
        "avec {g} {f}",
        "chez le docteur {typo}",
        "i'd like to see {f} next week",
        "c'est pour demain matin",
    ]
    for _ in range(150):
        family, given = rng.choice(families), rng.choice(givens)
        typo = family[:-1] if len(family) > 4 else family
        for template in said:
            text = folded(template.format(f=family, g=given, typo=typo))
            expected = _spotted_by_full_scan(text, names)
            assert find_practitioner(text, names, said=[]) == expected, text
