"""Odd input never raises, long input is still read, and the summary speaks staff language."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import RedFlag, UrgencyAssessment, assess

ODD_INPUTS = [
    "",
    "   ",
    "\x00\x01\x02\x1b[31m",
    "😀🙏💔🫁" * 50,
    "?" * 5000,
    "a" * 5000,
    "39,5,5,5,5...,,,;;;!!!",
    "é" * 3000,
    "ﷺ 漢字 ключ",
    "'-'-'-'-'",
    "40 40 40 40 degres",
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_odd_input_never_raises(text: str) -> None:
    result = assess(text)
    assert isinstance(result, UrgencyAssessment)
    assert result.level in tuple(UrgencyLevel)


def test_non_string_input_is_treated_as_text() -> None:
    assert assess(None).level is UrgencyLevel.ROUTINE  # type: ignore[arg-type]
    assert assess(12345).level is UrgencyLevel.ROUTINE  # type: ignore[arg-type]


def test_an_emergency_at_the_end_of_a_long_message_is_found() -> None:
    filler = "I would like to tell you about my week and my appointments. " * 60
    result = assess(filler + "Anyway, right now my husband can't breathe.")
    assert result.level is UrgencyLevel.EMERGENCY
    assert result.third_party


def test_an_emergency_in_the_middle_of_a_normal_long_message_is_found() -> None:
    text = (
        "Bonjour, je vous appelle parce que je voulais déplacer le rendez-vous de jeudi. "
        "Ma mère est venue ce week-end et elle a une douleur dans la poitrine depuis hier soir, "
        "elle ne voulait pas appeler. Sinon je voulais aussi savoir pour le parking. " * 3
    )
    assert assess(text).level is UrgencyLevel.EMERGENCY


def test_highest_level_wins_and_flags_are_sorted() -> None:
    result = assess("I think I broke my wrist and now I have chest pain")
    assert result.level is UrgencyLevel.EMERGENCY
    assert result.codes[0] == "chest_pain"
    assert "possible_fracture" in result.codes
    assert [f.level.rank for f in result.flags] == sorted(
        (f.level.rank for f in result.flags), reverse=True
    )


def test_summary_names_the_third_party_in_both_languages() -> None:
    result = assess("my father has chest pain", language="en")
    assert result.summary() == "Chest pain (third party: father)"
    assert result.summary("fr") == "Douleur thoracique (tiers : père)"
    assert assess("mon père a mal à la poitrine", language="fr").summary() == (
        "Douleur thoracique (tiers : père)"
    )


def test_summary_without_flags() -> None:
    assert assess("I'd like an appointment").summary("en") == "No red flag"
    assert assess("un rendez-vous svp", language="fr").summary() == "Aucun signe d'alerte"


def test_red_flag_fields() -> None:
    flag = assess("mon bébé a 40 de fièvre").flags[0]
    assert isinstance(flag, RedFlag)
    assert flag.code == "infant_fever"
    assert flag.level is UrgencyLevel.EMERGENCY
    assert flag.third_party and flag.subject == "baby"
    assert "40" in flag.evidence or "fievre" in flag.evidence


def test_assessment_is_deterministic() -> None:
    text = "my wife is pregnant and she is bleeding, she also has a fever of 39.6"
    assert assess(text) == assess(text)
