"""Identities as people give them (issue 15): surname first, a year in words or said first,
ordinal days, ASR lower case."""

from __future__ import annotations

from datetime import date

import pytest

from agent.nlu.normalize import normalize
from agent.nlu.numbers import spell_out_numbers
from agent.nlu.people import find_birth_date, find_name

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("Walker, Sophie, the second of March two thousand and two", date(2002, 3, 2)),
        ("MURPHY, Thomas, the second of March nineteen ninety-three", date(1993, 3, 2)),
        ("Michael Brown, in 1972 on the 25th of August", date(1972, 8, 25)),
        ("Adrien Hébert, en 1963, le 7 avril", date(1963, 4, 7)),
        ("BONNET Manon le vingt-quatre mai mille neuf cent soixante-deux", date(1962, 5, 24)),
        ("Michael Brown, August 25th, 72", date(1972, 8, 25)),
        ("Léa Faure, le 25 août 85", date(1985, 8, 25)),
    ],
)
def test_birth_dates_as_people_say_them(text: str, born: date) -> None:
    spoken = spell_out_numbers(normalize(text).folded, None, "fr")
    assert find_birth_date(spoken, TODAY, expecting=True) == born


@pytest.mark.parametrize(
    ("text", "given", "family"),
    [
        ("BONNET Manon le vingt-quatre mai mille neuf cent soixante-deux", "Manon", "Bonnet"),
        ("Walker, Sophie, the second of March two thousand and two", "Sophie", "Walker"),
        ("Adrien Hébert, en 1963, le 7 avril", "Adrien", "Hébert"),
        ("grace wilson born 30/04/1982", "Grace", "Wilson"),
    ],
)
def test_names_around_spoken_dates(text: str, given: str, family: str) -> None:
    assert find_name(normalize(text), expecting=True) == (given, family)
