"""Time preferences as people say them, anchored on Monday 2026-11-23 08:00 in Paris."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.nlu.normalize import normalize
from agent.nlu.spelling import correct
from agent.nlu.when import read_time
from agent.understanding import TimePreference

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
TUE = date(2026, 11, 24)
NEXT_WEEK = {"earliest_date": date(2026, 11, 30), "latest_date": date(2026, 12, 6)}


def read(text: str, **options: Any) -> TimePreference | None:
    return read_time(correct(normalize(text).folded), NOW, **options)


CASES: list[tuple[str, dict[str, Any]]] = [
    ("next week sometime", NEXT_WEEK),
    ("la semaine prochaine", NEXT_WEEK),
    ("semaine prochaine svp", NEXT_WEEK),
    ("mardi après-midi", {"earliest_date": TUE, "latest_date": TUE, "part_of_day": "afternoon",
                          "weekdays": [2]}),
    ("mardi apres midi", {"earliest_date": TUE, "part_of_day": "afternoon"}),
    ("tuesday afternoon", {"earliest_date": TUE, "latest_date": TUE, "part_of_day": "afternoon"}),
    ("tusday", {"earliest_date": TUE, "latest_date": TUE}),
    ("tomorrow morning", {"earliest_date": TUE, "latest_date": TUE, "part_of_day": "morning"}),
    ("demain matin", {"earliest_date": TUE, "latest_date": TUE, "part_of_day": "morning"}),
    ("tomorow", {"earliest_date": TUE, "latest_date": TUE}),
    ("après-demain", {"earliest_date": date(2026, 11, 25), "latest_date": date(2026, 11, 25)}),
    ("today if possible", {"earliest_date": date(2026, 11, 23), "latest_date": date(2026, 11, 23)}),
    ("as soon as possible", {"asap": True}),
    ("au plus vite", {"asap": True}),
    ("dès que possible", {"asap": True}),
    ("le plus tôt possible", {"asap": True}),
    ("not before 10", {"not_before": time(10, 0)}),
    ("pas avant 10h", {"not_before": time(10, 0)}),
    ("after 5pm", {"not_before": time(17, 0)}),
    ("après 17h30", {"not_before": time(17, 30)}),
    ("after 5", {"not_before": time(17, 0)}),
    ("before noon", {"not_after": time(12, 0)}),
    ("avant midi", {"not_after": time(12, 0)}),
    ("entre 14h et 16h", {"not_before": time(14, 0), "not_after": time(16, 0)}),
    ("vers 10h", {"not_before": time(10, 0), "not_after": time(11, 0)}),
    ("à 14h30", {"not_before": time(14, 30), "not_after": time(15, 30)}),
    ("le soir", {"part_of_day": "evening"}),
    ("in the morning", {"part_of_day": "morning"}),
    ("on the 3rd of December", {"earliest_date": date(2026, 12, 3),
                                "latest_date": date(2026, 12, 3)}),
    ("le 3 décembre", {"earliest_date": date(2026, 12, 3), "latest_date": date(2026, 12, 3)}),
    ("le 3 decembre", {"earliest_date": date(2026, 12, 3)}),
    ("December 3rd", {"earliest_date": date(2026, 12, 3)}),
    ("03/12", {"earliest_date": date(2026, 12, 3), "latest_date": date(2026, 12, 3)}),
    ("le 5 janvier", {"earliest_date": date(2027, 1, 5)}),
    ("the 3rd", {"earliest_date": date(2026, 12, 3), "latest_date": date(2026, 12, 3)}),
    ("le 25", {"earliest_date": date(2026, 11, 25)}),
    ("in two weeks", {"earliest_date": date(2026, 12, 7), "latest_date": date(2026, 12, 13)}),
    ("dans 15 jours", {"earliest_date": date(2026, 12, 7), "latest_date": date(2026, 12, 13)}),
    ("dans 3 jours", {"earliest_date": date(2026, 11, 26), "latest_date": date(2026, 11, 26)}),
    ("in 3 weeks", {"earliest_date": date(2026, 12, 14), "latest_date": date(2026, 12, 20)}),
    ("ce vendredi", {"earliest_date": date(2026, 11, 27), "latest_date": date(2026, 11, 27),
                     "weekdays": [5]}),
    ("this friday", {"earliest_date": date(2026, 11, 27)}),
    ("this weekend", {"earliest_date": date(2026, 11, 28), "latest_date": date(2026, 11, 29),
                      "weekdays": [6, 7]}),
    ("ce week-end", {"weekdays": [6, 7]}),
    ("lundi ou mardi", {"weekdays": [1, 2], "earliest_date": None}),
    ("monday or wednesday", {"weekdays": [1, 3]}),
    ("cette semaine", {"earliest_date": date(2026, 11, 23), "latest_date": date(2026, 11, 29)}),
    ("fin de semaine", {"earliest_date": date(2026, 11, 26), "latest_date": date(2026, 11, 28)}),
    ("mardi de la semaine prochaine", {"earliest_date": date(2026, 12, 1),
                                       "latest_date": date(2026, 12, 1)}),
    ("next week on thursday", {"earliest_date": date(2026, 12, 3)}),
    ("avant vendredi", {"earliest_date": date(2026, 11, 23), "latest_date": date(2026, 11, 26)}),
    ("d'ici vendredi", {"latest_date": date(2026, 11, 27)}),
    ("pas le lundi", {"weekdays": [2, 3, 4, 5, 6, 7]}),
    ("any day except wednesday", {"weekdays": [1, 2, 4, 5, 6, 7]}),
    ("le mois prochain", {"earliest_date": date(2026, 12, 1), "latest_date": date(2026, 12, 31)}),
    ("next monday morning not before 10", {"earliest_date": date(2026, 11, 30),
                                           "part_of_day": "morning", "not_before": time(10, 0)}),
    ("plutôt le matin vers 9h30", {"part_of_day": "morning", "not_before": time(9, 30)}),
    ("after the 10th of december", {"earliest_date": date(2026, 12, 11), "latest_date": None}),
    ("à partir du 3 décembre", {"earliest_date": date(2026, 12, 3), "latest_date": None}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_time_preferences(text: str, expected: dict[str, Any]) -> None:
    preference = read(text)
    assert preference is not None
    assert {key: getattr(preference, key) for key in expected} == expected


@pytest.mark.parametrize(
    "text", ["je voudrais un rendez-vous", "Marie Dupont", "oui", "", "I am new here"]
)
def test_no_time_in_turns_without_one(text: str) -> None:
    assert read(text) is None


def test_day_of_month_is_off_while_options_are_on_offer() -> None:
    assert read("le 2", day_only=False) is None


def test_birth_dates_are_not_appointment_dates() -> None:
    assert read("12/03/1985") is None
    assert read("12 mars 1985", dates=False) is None


@pytest.mark.parametrize(
    ("text", "not_before"),
    [("at 10", time(10, 0)), ("around 3", time(15, 0)), ("à 9h", time(9, 0)),
     ("at noon", time(12, 0)), ("pour 2", None), ("à 3", None)],
)  # fmt: skip
def test_clock_times(text: str, not_before: time | None) -> None:
    preference = read(text)
    assert (preference.not_before if preference else None) == not_before
