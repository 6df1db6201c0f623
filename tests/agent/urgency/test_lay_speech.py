"""Decisions of issue 14 (agent/urgency/README.md): combinations, anticoagulant vs antiplatelet,
general questions, and the reason shown to staff."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import assess


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("my husband is diabetic and he's confused and sweaty", "severe_hypoglycaemia"),
        ("ma mère diabétique tremble et transpire", "severe_hypoglycaemia"),
        ("fever and my knees are all mottled", "sepsis_signs"),
        ("depuis mon opération j'ai de la fièvre et je n'urine plus", "sepsis_signs"),
        ("she's on apixaban and banged her head", "head_injury_anticoagulant"),
        ("il est sous anticoagulant et s'est cogné la tête", "head_injury_anticoagulant"),
        ("my 7 week old won't feed and is very sleepy", "infant_unwell"),
        ("asthma and the inhaler is not helping", "asthma_severe"),
    ],
)
def test_combinations_fire_as_emergencies(text: str, code: str) -> None:
    result = assess(text)
    assert result.level is UrgencyLevel.EMERGENCY and code in result.codes, result.codes


@pytest.mark.parametrize(
    "text",
    [
        "I'm diabetic and a bit confused about my appointment time",
        "I'm on warfarin and need my INR check",
        "my 7 week old needs her vaccinations",
        "I'm asthmatic, the inhaler is working fine, I need a new one",
        "I have been stockpiling masks, can I book a covid booster",
        "j'ai écrit une lettre à ma famille pour Noël, je voudrais un rendez-vous",
        "I won't be around next week, can we move it",
        "I'm expecting a call back from the doctor",
    ],
)
def test_the_same_words_alone_stay_routine(text: str) -> None:
    assert assess(text).level is UrgencyLevel.ROUTINE, assess(text).codes


def test_aspirin_or_kardegic_with_a_head_knock_is_urgent_not_an_emergency() -> None:
    for text in ("je suis sous kardégic et je me suis cogné la tête", "on aspirin, hit my head"):
        result = assess(text)
        assert result.level is UrgencyLevel.URGENT and result.codes == ["head_injury_antiplatelet"]


def test_a_general_question_is_advice_not_an_emergency_about_the_caller() -> None:
    result = assess("what should someone do if they have chest pain?")
    assert result.level is UrgencyLevel.ROUTINE and result.flags == []
    assert [f.code for f in result.advice] == ["chest_pain"]


def test_a_general_question_with_a_present_complaint_stays_an_emergency() -> None:
    for text in (
        "I have chest pain, what are the signs of a heart attack?",
        "what are the signs of a stroke? his face is drooping",
    ):
        assert assess(text).level is UrgencyLevel.EMERGENCY, text


def test_the_handoff_note_names_the_reason_and_the_callers_words() -> None:
    note = assess("my dad fell and hit his head, he's on warfarin").handoff_note("en")
    assert note.startswith("Head injury on an anticoagulant")
    assert "father" in note and "warfarin" in note and "hit his head" in note


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # "a mal" run together, as typed in haste or written by speech recognition.
        ("mon père amal à la poitrine depuis une heure", UrgencyLevel.EMERGENCY),
        ("Amal a rendez-vous demain avec le docteur Martin", UrgencyLevel.ROUTINE),
        ("Amal Benali, née le 3 mai 1990, pour un vaccin", UrgencyLevel.ROUTINE),
    ],
)
def test_a_mal_run_together_still_hurts_and_the_name_amal_does_not(
    text: str, level: UrgencyLevel
) -> None:
    assert assess(text, language="fr").level is level


@pytest.mark.parametrize(
    ("text", "language", "level"),
    [
        # Needing the reliever much more than usual is an asthma attack not settling.
        ("my son has asthma and he needs his inhaler every hour", "en", UrgencyLevel.URGENT),
        ("elle a de l'asthme et elle a besoin de sa ventoline souvent", "fr", UrgencyLevel.URGENT),
        ("asthmatique, il prend sa ventoline tout le temps depuis hier", "fr", UrgencyLevel.URGENT),
        # A reliever used now and then, or a renewal, is no attack.
        ("I have asthma, I use my inhaler before sport", "en", UrgencyLevel.ROUTINE),
        ("I need my inhaler renewed, I use it often", "en", UrgencyLevel.ROUTINE),
        ("j'ai de l'asthme, il me faut une ordonnance de ventoline", "fr", UrgencyLevel.ROUTINE),
    ],
)
def test_a_reliever_needed_far_more_than_usual_is_an_asthma_attack(
    text: str, language: str, level: UrgencyLevel
) -> None:
    assert assess(text, language=language).level is level  # type: ignore[arg-type]
