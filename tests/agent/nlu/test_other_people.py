"""Someone else's name said outside the identity phase, so the graph can apply its scope rule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.nlu.normalize import normalize
from agent.nlu.other_people import find_other_person
from agent.understanding import BrainContext, Intent, Phase

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
PRACTITIONERS = ["Dr Claire Martin", "Dr Hélène Lefèvre", "Dr Emily Carter"]
_BRAIN = RulesBrain()


def read(text: str, phase: Phase = "greeting") -> tuple[str | None, str | None, str | None]:
    context = BrainContext(language="fr", phase=phase, now=NOW, practitioner_names=PRACTITIONERS)
    u = _BRAIN.read(text, context)
    return u.given_name, u.family_name, u.practitioner_name


@pytest.mark.parametrize(
    ("text", "phase", "given", "family"),
    [
        ("cancel Jean Dupont's appointment", "greeting", "Jean", "Dupont"),
        ("annulez le rendez-vous de Jean Dupont", "greeting", "Jean", "Dupont"),
        ("annulez le rendez-vous de jean dupont", "greeting", "Jean", "Dupont"),
        ("what time is Marie Curie's appointment", "greeting", "Marie", "Curie"),
        ("à quelle heure est le rdv de Marie Curie ?", "anything_else", "Marie", "Curie"),
        ("c'est pour ma femme, Sophie Martin", "greeting", "Sophie", "Martin"),
        ("it's for my wife, Sophie Martin", "greeting", "Sophie", "Martin"),
        ("c'est pour mon fils Léo", "intent", "Léo", None),
        ("it's for my son Leo", "intent", "Leo", None),
        ("je voudrais un rendez-vous pour Jean Dupont", "greeting", "Jean", "Dupont"),
        ("I'd like an appointment for Jean Dupont", "greeting", "Jean", "Dupont"),
        ("les résultats de Marie Curie", "anything_else", "Marie", "Curie"),
        ("the results of Marie Curie", "anything_else", "Marie", "Curie"),
    ],
)
def test_another_persons_name_is_read(
    text: str, phase: Phase, given: str | None, family: str | None
) -> None:
    assert read(text, phase)[:2] == (given, family)


@pytest.mark.parametrize(
    ("text", "practitioner"),
    [
        ("je voudrais un rendez-vous avec le Dr Martin", "Dr Claire Martin"),
        ("annulez le rendez-vous du docteur Lefèvre", "Dr Hélène Lefèvre"),
        ("annulez le rendez-vous de docteur Lefèvre", "Dr Hélène Lefèvre"),
        ("what time is Dr Martin's appointment", "Dr Claire Martin"),
        ("what time is Doctor Carter's appointment", "Dr Emily Carter"),
        ("annulez le rendez-vous de Claire Martin", "Dr Claire Martin"),
        ("I'd like an appointment for Emily Carter", "Dr Emily Carter"),
    ],
)
def test_a_practitioner_is_never_read_as_a_patient(text: str, practitioner: str) -> None:
    assert read(text) == (None, None, practitioner)


@pytest.mark.parametrize(
    "text",
    [
        "annulez le rendez-vous de mardi", "cancel Tuesday's appointment",
        "un rendez-vous pour Mardi Prochain", "an appointment for Next Tuesday Morning",
        "I'd like an appointment for December", "un rendez-vous pour le 3 décembre",
        "un rendez-vous de suivi", "le rendez-vous de ma fille", "for my wife",
        "c'est pour ma mère. Hier soir elle est tombée", "it's for my daughter, she has a fever",
        "c'est pour mon fils il a de la fièvre", "cancel Martin's appointment",
    ],
)  # fmt: skip
def test_days_months_and_relatives_alone_are_no_names(text: str) -> None:
    assert read(text)[:2] == (None, None)


def test_the_callers_own_name_still_wins() -> None:
    assert read("je m'appelle Marie Dupont, c'est pour ma fille Léa")[:2] == ("Marie", "Dupont")


def test_a_possessive_keeps_the_check_intent() -> None:
    context = BrainContext(language="en", phase="greeting", now=NOW)
    understanding = _BRAIN.read("when is Marie Curie's appointment?", context)
    assert understanding.intent is Intent.CHECK


def test_find_other_person_skips_practitioners() -> None:
    words = normalize("cancel Claire Martin's appointment").words
    assert find_other_person(words, PRACTITIONERS) == (None, None)
    assert find_other_person(words) == ("Claire", "Martin")
