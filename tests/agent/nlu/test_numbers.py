"""Numbers said in words, as speech-to-text writes them, become digits."""

from __future__ import annotations

import pytest

from agent.nlu.normalize import normalize
from agent.nlu.numbers import spell_out_numbers
from agent.understanding import Language


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("douze mars quatre-vingt-cinq", "fr", "12 mars 85"),
        ("né le douze mars mille neuf cent quatre-vingt-cinq", "fr", "ne le 12 mars 1985"),
        ("le premier avril soixante-douze", "fr", "le 1 avril 72"),
        ("March twelfth nineteen eighty-five", "en", "march 12th 1985"),
        ("born on the first of April nineteen seventy two", "en", "born on the 1 of april 1972"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "fr",
         "06 12 34 56 78"),
        ("pas avant dix heures", "fr", "pas avant 10 heures"),
        ("je voudrais un rendez-vous", "fr", "je voudrais un rendez vous"),
        ("the second one", "en", "the second one"),
        ("", "fr", ""),
    ],
)  # fmt: skip
def test_spell_out_numbers(text: str, language: Language, expected: str) -> None:
    assert spell_out_numbers(normalize(text).folded, language) == expected


def test_sept_after_a_day_is_september() -> None:
    assert spell_out_numbers("le 12 sept 1985", "fr") == "le 12 septembre 1985"


def test_unknown_language_tries_both() -> None:
    assert spell_out_numbers("march twelfth nineteen eighty five", None, "fr") == "march 12th 1985"
