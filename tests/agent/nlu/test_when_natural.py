"""Dates and times as people say them (issue 15): days of the month with or without a weekday,
"the 2nd of next month", clock times in words, approximate times, "within two weeks"."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.nlu.normalize import normalize
from agent.nlu.numbers import spell_out_numbers
from agent.nlu.spelling import correct
from agent.nlu.timeofday import spoken_clock
from agent.nlu.when import read_time
from agent.understanding import TimePreference

NOW = datetime(2026, 11, 23, 9, 10, tzinfo=ZoneInfo("Europe/Paris"))


def read(text: str) -> TimePreference | None:
    folded = normalize(text).folded
    return read_time(correct(spell_out_numbers(folded, None, "fr")), NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday the 30th after lunch", {"earliest_date": date(2026, 11, 30),
                                         "not_before": time(13, 0)}),
        ("lundi 30 après le déjeuner", {"earliest_date": date(2026, 11, 30),
                                        "not_before": time(13, 0)}),
        ("mardi 1er à la première heure", {"earliest_date": date(2026, 12, 1),
                                           "not_after": time(10, 0)}),
        ("the 2nd of next month", {"earliest_date": date(2026, 12, 2),
                                   "latest_date": date(2026, 12, 2)}),
        ("le 2 du mois prochain", {"earliest_date": date(2026, 12, 2)}),
        ("le 27 de ce mois-ci", {"earliest_date": date(2026, 11, 27)}),
        ("the 3rd of next month, morning 10:30", {"earliest_date": date(2026, 12, 3),
                                                   "not_before": time(9, 45)}),
        ("Thursday, early afternoon", {"earliest_date": date(2026, 11, 26),
                                       "not_before": time(13, 0), "not_after": time(15, 30)}),
        ("jeudi en début d'après-midi", {"not_before": time(13, 0)}),
        ("vendredi en fin de matinée", {"not_before": time(10, 30), "not_after": time(12, 30)}),
        ("Friday, half past ten", {"earliest_date": date(2026, 11, 27),
                                   "not_before": time(9, 45)}),
        ("vendredi à dix heures et demie", {"not_before": time(10, 30)}),
        ("the 4th at quarter past two", {"earliest_date": date(2026, 12, 4),
                                         "not_before": time(14, 15)}),
        ("Thursday at one in the afternoon", {"not_before": time(13, 0)}),
        ("mercredi vers midi et demi", {"not_before": time(12, 30)}),
        ("dans les deux semaines qui suivent", {"earliest_date": date(2026, 11, 23),
                                                "latest_date": date(2026, 12, 7)}),
        ("in the next two weeks", {"latest_date": date(2026, 12, 7)}),
        ("the following days", {"earliest_date": date(2026, 11, 24),
                                "latest_date": date(2026, 11, 30)}),
    ],
)  # fmt: skip
def test_natural_dates_and_times(text: str, expected: dict[str, Any]) -> None:
    preference = read(text)
    assert preference is not None
    assert {key: getattr(preference, key) for key in expected} == expected


def test_spoken_clock_times_become_digits() -> None:
    assert spoken_clock("half past ten") == "10:30"
    assert spoken_clock("quarter to three") == "2:45"
    assert spoken_clock("10 heures et quart") == "10:15"
    assert spoken_clock("one in the afternoon") == "1 pm"
