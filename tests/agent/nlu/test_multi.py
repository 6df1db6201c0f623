"""Several requests in one turn: the action is kept beside the practice question."""

from __future__ import annotations

import pytest

from agent.nlu.intents import detect_intent
from agent.nlu.multi import action_beside_question, clauses
from agent.nlu.normalize import fold
from agent.nlu.spelling import correct
from agent.nlu.topics import find_topic
from agent.understanding import Intent


def read(text: str) -> Intent | None:
    return action_beside_question(correct(fold(text)), lambda p: find_topic(p, []), detect_intent)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Book me in with Dr Martin next week, and what are your opening hours?", Intent.BOOK),
        ("Is there parking? And I need an appointment on Thursday.", Intent.BOOK),
        ("Je voudrais un rendez-vous jeudi, et vous êtes ouverts à quelle heure ?", Intent.BOOK),
        ("Annulez mon rendez-vous de jeudi, et on peut se garer où ?", Intent.CANCEL),
        ("How much is a consultation?", None),
        ("Où êtes-vous situés ?", None),
    ],
)
def test_the_request_is_not_dropped_for_the_question(text: str, intent: Intent | None) -> None:
    assert read(text) == intent


def test_clauses_are_cut_at_joining_words() -> None:
    assert clauses("cancel thursday, and where can i park?") == [
        "cancel thursday",
        "where can i park",
    ]
