"""What keys typed on a phone's keypad say to the engine."""

from __future__ import annotations

import pytest

from graphs.keypad import entry_text


@pytest.mark.parametrize(
    ("keys", "language", "said"),
    [
        ("1", "fr", "oui"),
        ("1", "en", "yes"),
        ("0", "en", "I want to speak to a person"),
        ("5", "en", "5"),
        ("25081985", "fr", "25081985"),
        ("10", "fr", "10"),  # an entry, not two answers
    ],
)
def test_a_lone_key_says_its_meaning_and_an_entry_its_digits(
    keys: str, language: str, said: str
) -> None:
    assert entry_text(keys, language) == said  # type: ignore[arg-type]
