"""Changes to a visit in everyday words: cancel or move, which visit, and how to move it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.nlu.changes import read_change
from agent.nlu.normalize import fold
from agent.understanding import Intent

NOW = datetime(2026, 11, 23, 9, 10, tzinfo=ZoneInfo("Europe/Paris"))
THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "intent", "day", "move", "days"),
    [
        ("Take me off the list for Thursday.", Intent.CANCEL, THURSDAY, None, None),
        ("I won't be coming on Thursday, please let the doctor know.", Intent.CANCEL, THURSDAY,
         None, None),
        ("Please scratch my appointment on Thursday.", Intent.CANCEL, THURSDAY, None, None),
        ("Je ne pourrai pas venir jeudi, je suis hospitalisé.", Intent.CANCEL, THURSDAY, None,
         None),
        ("Vous pouvez me retirer du planning de jeudi ?", Intent.CANCEL, THURSDAY, None, None),
        ("Can we push my appointment on Thursday back a week?", Intent.RESCHEDULE, THURSDAY,
         "later", 7),
        ("Il faudrait repousser mon rendez-vous d'une semaine.", Intent.RESCHEDULE, None, "later",
         7),
        ("Mon rendez-vous de jeudi, il faudrait le décaler de deux semaines.",
         Intent.RESCHEDULE, THURSDAY, "later", 14),
        ("Ma séance de kiné de jeudi, vous pouvez la repousser, disons d'une semaine ?",
         Intent.RESCHEDULE, THURSDAY, "later", 7),
        ("I can't make Thursday, what else have you got?", Intent.RESCHEDULE, THURSDAY,
         "other_day", None),
        ("Je ne peux pas jeudi, vous auriez autre chose ?", Intent.RESCHEDULE, THURSDAY,
         "other_day", None),
        ("My appointment on Thursday, can we move it later in the day?", Intent.RESCHEDULE,
         THURSDAY, "later_same_day", None),
        ("Mon rendez-vous de jeudi, on peut le mettre plus tard dans la journée ?",
         Intent.RESCHEDULE, THURSDAY, "later_same_day", None),
        ("Could I come in earlier than my appointment?", Intent.RESCHEDULE, None, "earlier", None),
        ("Est-ce qu'on pourrait avancer mon rendez-vous ?", Intent.RESCHEDULE, None, "earlier",
         None),
        ("Je voudrais changer ma séance de jeudi.", Intent.RESCHEDULE, THURSDAY, None, None),
        ("Cancel Thursday and find me something next week instead.", Intent.RESCHEDULE, THURSDAY,
         "other_day", None),
    ],
)  # fmt: skip
def test_everyday_changes_in_both_languages(
    text: str, intent: Intent, day: date | None, move: str | None, days: int | None
) -> None:
    reading = read_change(fold(text), NOW)
    assert (reading.intent, reading.appointment_day, reading.move, reading.move_days) == (
        intent,
        day,
        move,
        days,
    )


def test_the_visit_day_is_blanked_so_the_new_day_stays_readable() -> None:
    reading = read_change(fold("Je voudrais décaler mon rendez-vous de jeudi à lundi 30."), NOW)
    assert reading.appointment_day == THURSDAY
    assert "jeudi" not in reading.rest and "lundi 30" in reading.rest


@pytest.mark.parametrize(
    "text",
    ["Could we make it an afternoon instead?", "I'd like an appointment on Thursday.",
     "Je voudrais un rendez-vous jeudi.", "I need a doctor, I'd had a cough for two weeks."],
)  # fmt: skip
def test_bookings_and_a_change_of_mind_are_not_changes(text: str) -> None:
    assert read_change(fold(text), NOW).intent is None
