"""Speech-recognition slips in dates: a word that sounds like a month, between a day and a
year, is that month on a call."""

from __future__ import annotations

import pytest

from agent.nlu.heard import dates_heard


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
        # "né le 5" run into a year before a month and a year: the day.
        ("Chloe Nguyen, 1905 décembre 1995", "Chloe Nguyen, 5 décembre 1995"),
        ("Manon Bonnet, 1924 même 1962", "Manon Bonnet, 24 mai 1962"),
        ("Léa Vincent, 1905 avril 1998", "Léa Vincent, 5 avril 1998"),
        ("born 2012 March 1990", "born 12 March 1990"),
        # An English "-teen" heard as a "-ty": no month has a 40th.
        ("Zoe Marchen, Born 40 March 2022.", "Zoe Marchen, Born 14 March 2022."),
        ("born on the 70th of June 1980", "born on the 17th of June 1980"),
        ("it's been 40 minutes, since 1990", "it's been 40 minutes, since 1990"),
        ("born 30 March 2022", "born 30 March 2022"),
        # Two years, or a year that cannot end in a day, stay.
        ("between 1990 and 1995", "between 1990 and 1995"),
        ("de 1995 à 1998", "de 1995 à 1998"),
        ("en 1955 juin 1962", "en 1955 juin 1962"),
    ],
)
def test_a_word_that_sounds_like_a_month_between_a_day_and_a_year(heard: str, meant: str) -> None:
    assert dates_heard(heard) == meant
