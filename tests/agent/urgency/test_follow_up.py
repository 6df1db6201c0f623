"""The one question an urgent flag asks, and how its answer is read (agent.urgency.follow_up)."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import answered, assess, follow_up
from agent.urgency.rules import load_rules


def test_every_question_tells_an_urgent_flag_from_an_emergency_in_both_languages() -> None:
    book = load_rules()
    asking = [rule for rule in book.flags if rule.ask is not None]
    assert len(asking) >= 5
    for rule in asking:
        assert rule.ask is not None and rule.level is UrgencyLevel.URGENT
        assert book.flag(rule.ask.to).level is UrgencyLevel.EMERGENCY
        assert all(rule.ask.question[lang].endswith("?") for lang in ("en", "fr"))


@pytest.mark.parametrize(
    ("language", "text", "asks", "to"),
    [
        (
            "fr",
            "Ma femme est enceinte et elle a des douleurs au ventre",
            "forte",
            "pregnancy_abdominal_pain",
        ),
        ("en", "I'm pregnant with tummy pain", "strong", "pregnancy_abdominal_pain"),
        ("en", "my baby has a fever", "drowsy", "child_fever_lethargy"),
        ("fr", "il a des taches violettes", "fièvre", "meningitis_signs"),
        (
            "en",
            "I'm 34 weeks pregnant and the baby is moving less",
            "stopped moving",
            "no_fetal_movement",
        ),
    ],
)
def test_an_urgent_call_asks_the_question_of_its_flag(
    language: str, text: str, asks: str, to: str
) -> None:
    assessment = assess(text, language=language)  # type: ignore[arg-type]
    assert assessment.level is UrgencyLevel.URGENT
    asked = follow_up(assessment.flags)
    assert asked is not None and asked.to == to
    assert asks in asked.question(language)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "I'm pregnant and I have terrible stomach pain",  # already an emergency
        "I think I broke my wrist",  # urgent, nothing to tell it from an emergency by
        "I'd like an appointment",
    ],
)
def test_no_question_when_none_tells_anything(text: str) -> None:
    assert follow_up(assess(text, language="en").flags) is None


@pytest.mark.parametrize(
    ("answer", "escalates"),
    [
        ("Oui", True),
        ("oui, très forte", True),
        ("yes it is", True),
        ("Ouais", True),
        ("I think so", True),  # an over-called emergency costs less than a missed one
        ("je crois que oui", True),
        ("Non", False),
        ("Non, ça va", False),  # "ça va" after the no is no yes
        ("no, not really", False),
        ("je crois pas", False),
        ("probably not", False),
        ("I don't know", False),
        ("hello?", False),
    ],
)
def test_only_a_yes_escalates(answer: str, escalates: bool) -> None:
    asked = follow_up(assess("my wife is pregnant and has stomach pain", language="en").flags)
    assert asked is not None
    flag = answered(asked, answer, "en")
    assert (flag is not None) is escalates
    if flag is not None:
        assert flag.level is UrgencyLevel.EMERGENCY and flag.code == "pregnancy_abdominal_pain"
        assert flag.third_party and flag.subject_en == "wife"  # the emergency reply says so
        assert "(third party: wife)" in flag.summary("en")
