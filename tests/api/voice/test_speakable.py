"""Replies said the way people say them; transcripts read the way the engine expects."""

from __future__ import annotations

import pytest

from api.voice.speakable import heard, speakable


@pytest.mark.parametrize(
    ("text", "language", "spoken"),
    [
        ("mardi 24 novembre à 15 h", "fr", "mardi 24 novembre à 15 heures"),
        ("jeudi 1er décembre à 10 h 30 avec Dr Martin", "fr",
         "jeudi premier décembre à 10 heures 30 avec docteur Martin"),
        ("à 1 h", "fr", "à 1 heure"),
        ("Tuesday 24 November at 15:00", "en", "Tuesday 24 November at 3 p.m."),
        ("at 09:05 with Dr Dubois", "en", "at 9 oh 5 a.m. with Doctor Dubois"),
        ("at 12:00", "en", "at noon"),
        ("at 10:30", "en", "at 10 30 a.m."),
        ("**Important**: call 15", "en", "Important : call 15"),
    ],
)  # fmt: skip
def test_replies_are_spoken_naturally(text: str, language: str, spoken: str) -> None:
    assert speakable(text, language) == spoken  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("transcript", "read"),
    [
        ("D-U-P-O-N-T", "Dupont"),
        ("My name is D. U. P. O. N. T., Marie", "My name is Dupont, Marie"),
        ("C'est Martin, M A R T I N.", "C'est Martin, Martin"),
        ("il y a à peu près", "il y a à peu près"),
        ("I am OK", "I am OK"),
        # Spoken digits that Whisper wrote as a sum of money, and "plus" as a word.
        ("My number is plus 447,700,100,263.", "My number is +447700100263."),
        ("Plus 33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("un peu plus tard, vers 10,5", "un peu plus tard, vers 10,5"),
        ("2,50 euros", "2,50 euros"),
    ],
)
def test_spelled_names_are_joined_and_nothing_else_changes(transcript: str, read: str) -> None:
    assert heard(transcript) == read
