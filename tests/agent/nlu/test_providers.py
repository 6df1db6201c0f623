"""Kinds of care named as people name them, offered here or not."""

from __future__ import annotations

import pytest

from agent.nlu.normalize import fold
from agent.nlu.providers import find_provider_kind


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I need to find a doctor.", "general-practice"),
        ("I'm looking for a physician.", "general-practice"),
        ("Je cherche un médecin.", "general-practice"),
        ("Can you find me a dentist?", "dentistry"),
        ("Il me faudrait un dentiste.", "dentistry"),
        ("I'm looking for a physio for my shoulder.", "physiotherapy"),
        ("J'ai besoin d'un kinésithérapeute pour mon dos.", "physiotherapy"),
        ("Please find a therapist for me.", "mental-health"),
        ("I need help finding a family counselor.", "mental-health"),
        ("Il me faudrait un psy.", "mental-health"),
        ("Vous avez un psychiatre ?", "mental-health"),
        ("I'm looking for a cardiologist.", "cardiology"),
        ("Je cherche un cardiologue.", "cardiology"),
        ("I need to see an eye doctor.", "ophthalmology"),
        ("Je voudrais voir un ophtalmo.", "ophthalmology"),
    ],
)
def test_provider_words_map_to_a_specialty(text: str, code: str) -> None:
    assert find_provider_kind(fold(text)) == code


@pytest.mark.parametrize("text", ["I'd like to see Dr Dubois.", "Je voudrais un rendez-vous."])
def test_no_kind_of_care_named(text: str) -> None:
    assert find_provider_kind(fold(text)) is None
