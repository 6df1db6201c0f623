"""Why the patient is calling: a change to "an" appointment is still a change, not a booking."""

from __future__ import annotations

import pytest

from agent.nlu.intents import detect_intent
from agent.nlu.normalize import normalize
from agent.nlu.spelling import correct
from agent.understanding import Intent


def intent(text: str) -> Intent | None:
    return detect_intent(correct(normalize(text).folded))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A move said with an indefinite article is a reschedule (was read as a booking).
        ("déplacer un rendez-vous", Intent.RESCHEDULE),
        ("je voudrais déplacer un rendez-vous", Intent.RESCHEDULE),
        ("décaler un rdv", Intent.RESCHEDULE),
        ("je dois reporter un rendez-vous à la semaine prochaine", Intent.RESCHEDULE),
        ("je dois déplacer un de mes rendez-vous", Intent.RESCHEDULE),
        ("can I move an appointment", Intent.RESCHEDULE),
        ("I need to change an appointment", Intent.RESCHEDULE),
        ("I'd like to reschedule an appointment", Intent.RESCHEDULE),
        ("I need to change an existing appointment", Intent.RESCHEDULE),
        # The possessive form keeps working.
        ("je voudrais déplacer mon rendez-vous", Intent.RESCHEDULE),
        ("can I move my appointment", Intent.RESCHEDULE),
        # Cancelling "an" appointment is a cancellation.
        ("annuler un rendez-vous", Intent.CANCEL),
        ("je voudrais annuler un rdv", Intent.CANCEL),
        ("I want to cancel an appointment", Intent.CANCEL),
        # Changing doctor, or a change that is the reason for a visit, is no reschedule.
        ("I work the night shift so I need an appointment", Intent.BOOK),
        ("I need an appointment to change a dressing", Intent.BOOK),
        ("je voudrais un rendez-vous pour changer un pansement", Intent.BOOK),
        ("je voudrais un rendez-vous", Intent.BOOK),
        ("can I make an appointment", Intent.BOOK),
    ],
)
def test_intent(text: str, expected: Intent) -> None:
    assert intent(text) is expected


@pytest.mark.parametrize(
    "text", ["changer de médecin", "je voudrais changer de médecin", "I'd like to change doctors"]
)
def test_changing_doctor_is_not_a_reschedule(text: str) -> None:
    assert intent(text) is not Intent.RESCHEDULE
