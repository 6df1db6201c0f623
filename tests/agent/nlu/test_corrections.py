"""Corrections inside one turn, French and English: only the final wish is read."""

from __future__ import annotations

import pytest

from agent.nlu.corrections import apply_corrections
from agent.nlu.normalize import fold


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Could I come in Tuesday, no sorry, Wednesday?", "could i come in wednesday?"),
        ("With Dr Martin, actually no, make it Dr Dubois, next week.",
         "with dr dubois, next week."),
        ("Thursday morning, sorry, I mean afternoon.", "thursday afternoon."),
        ("Vendredi... ah non, plutôt lundi 30.", "lundi 30."),
        ("Jeudi matin, enfin non, l'après-midi.", "jeudi l apres midi."),
        ("can i get an appointment tomorrow no sorry wednesday",
         "can i get an appointment wednesday"),
    ],
)  # fmt: skip
def test_the_corrected_phrase_is_dropped(text: str, kept: str) -> None:
    assert " ".join(apply_corrections(fold(text)).split()) == kept


@pytest.mark.parametrize(
    "text",
    ["Bonjour, pardon de vous déranger, je voudrais un rendez-vous mardi.",
     "Hi, sorry to bother you. I need an appointment Tuesday."],
)  # fmt: skip
def test_politeness_is_not_a_correction(text: str) -> None:
    assert " ".join(apply_corrections(fold(text)).split()) == " ".join(fold(text).split())
