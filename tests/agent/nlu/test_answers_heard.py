"""Answers to the slot question heard by sound: a short answer Whisper wrote as words that sound
like it is still the answer on a call; a real phrase that only looks like one is not."""

from __future__ import annotations

import pytest

from agent.nlu.answers_heard import choice_heard


@pytest.mark.parametrize(
    ("language", "heard", "meant"),
    [
        # What Whisper base wrote for the booking suite's callers over an 8 kHz line.
        ("fr", "Le pomme est s'il vous plaît.", "premier"),
        ("fr", "Le pomme hier", "premier"),
        ("fr", "L'odosium s'il vous plaît.", "deuxieme"),
        ("fr", "Voseveplitaire.", "plus tard"),
        ("fr", "le pommier", "premier"),
        ("en", "the fist one please.", "first"),
        ("en", "the lost one", "last"),
        # Said as they are.
        ("fr", "la dernière", "dernier"),
        ("en", "the second one", "second"),
    ],
)
def test_a_misheard_answer_to_the_slot_question_is_that_answer(
    language: str, heard: str, meant: str
) -> None:
    assert choice_heard(heard.lower(), language, 3) == meant  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("language", "heard"),
    [
        # Real phrases a consonant or a syllable away from an answer.
        ("fr", "le matin"),
        ("fr", "la pommade"),
        ("fr", "le prénom"),
        ("fr", "le prix"),
        ("fr", "le sinon"),
        ("fr", "le projet"),
        ("en", "the weekend"),
        ("en", "the record"),
        ("en", "Lemaître"),
        ("fr", "je ne sais pas"),
        ("fr", "attendez"),
        ("en", "hold on"),
        ("en", "which doctor is it"),
        ("fr", "oui"),
        ("en", "no"),
        # As close to two answers: neither ("later" or "earlier", "third" or "first").
        ("en", "Anything Lager."),
        ("en", "the thirst one"),
        # A rank past the options offered, and numbers, which are read as said.
        ("en", "the fourth"),
        ("fr", "celui de 14 Ash-Kahant"),
    ],
)
def test_a_phrase_that_is_no_answer_stays_as_heard(language: str, heard: str) -> None:
    assert choice_heard(heard.lower(), language, 3) is None  # type: ignore[arg-type]
