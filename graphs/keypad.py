"""What keys typed on a phone's keypad say to the engine, in the call's language.

A lone key with a meaning answers for the caller (1 yes, 0 a person; while options are on
offer, a digit picks the option of that rank); an entry of digits is passed as typed (the
engine reads eight digits as a birth date, day first, and a longer run as a phone number).
Shared by the call's processor and the eval's simulated phone line.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]

KEY_MEANINGS: dict[str, dict[Language, str]] = {
    "1": {"en": "yes", "fr": "oui"},
    "0": {"en": "I want to speak to a person", "fr": "je veux parler à une personne"},
}
CHOICE_PHASES = frozenset({"slot_choice", "appointment_choice"})
"""Questions whose answer is one of a list read out: key N picks the Nth."""
RANKS: dict[Language, tuple[str, ...]] = {
    "fr": ("le premier", "le deuxième", "le troisième", "le quatrième", "le cinquième"),
    "en": ("the first one", "the second one", "the third one", "the fourth one", "the fifth one"),
}
"""How a caller names an offered option by its rank (what key N says at a choice)."""


def key_meaning(key: str, language: Language, expecting: str | None = None) -> str | None:
    """What a single key says for the caller, if it means anything on its own, when the agent
    is ``expecting`` that answer (a phase: at "slot_choice", 2 is "the second one")."""
    if expecting in CHOICE_PHASES and key.isdigit() and 1 <= int(key) <= len(RANKS[language]):
        return RANKS[language][int(key) - 1]
    said = KEY_MEANINGS.get(key)
    return said[language] if said else None


def entry_text(keys: str, language: Language, expecting: str | None = None) -> str:
    """What a finished entry says: a lone key's meaning, else the digits as typed."""
    if len(keys) == 1:
        return key_meaning(keys, language, expecting) or keys
    return keys
