"""Speech-recognition slips in dates: a word that sounds like a month, between a day and a
year, is that month on a call."""

from __future__ import annotations

import pytest

from agent.nlu.heard import months_heard


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("je suis né le 15 même 1976", "je suis né le 15 mai 1976"),  # Whisper's "même"
        ("le 12 novemb 1985", "le 12 novembre 1985"),
        ("le 3 fevriers 1958", "le 3 février 1958"),
        ("born on the 3rd of Joon 1990", "born on the 3rd of June 1990"),
        # Months, and words no month sounds like, stay.
        ("né le 4 juillet 1977", "né le 4 juillet 1977"),
        ("on the 4 of july 1977", "on the 4 of july 1977"),
        ("le 20 ans 1990", "le 20 ans 1990"),
        ("à 30 semaines en 2020", "à 30 semaines en 2020"),
        ("le 14 jewel 1958", "le 14 jewel 1958"),
    ],
)
def test_a_word_that_sounds_like_a_month_between_a_day_and_a_year(heard: str, meant: str) -> None:
    assert months_heard(heard) == meant
