"""What keys typed on a phone's keypad say to the engine."""

from __future__ import annotations

import pytest

from graphs.keypad import entry_text, key_meaning


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


@pytest.mark.parametrize(
    ("key", "expecting", "language", "said"),
    [
        ("2", "slot_choice", "fr", "le deuxième"),
        ("1", "slot_choice", "en", "the first one"),
        ("3", "appointment_choice", "en", "the third one"),
        ("1", "confirm", "fr", "oui"),  # elsewhere 1 is yes
        ("0", "slot_choice", "en", "I want to speak to a person"),
        ("9", "slot_choice", "en", None),  # no ninth option is ever read out
        ("2", None, "en", None),
    ],
)
def test_while_options_are_on_offer_a_digit_picks_the_option_of_that_rank(
    key: str, expecting: str | None, language: str, said: str | None
) -> None:
    assert key_meaning(key, language, expecting) == said  # type: ignore[arg-type]
