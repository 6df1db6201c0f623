"""Keys a caller presses: one key that means an answer, or digits typed as an answer.

While the agent asks who the caller is, keys are collected into an entry (a birth date, a
phone number) that ends with the hash key or a pause; at any other question a key with a
meaning (1 yes, 0 a person) answers at once. Pipecat's ``DTMFAggregator`` always collects
and waits for the pause, which would make "press 1" wait too, so the phase decides here.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.voice.control import Language
from api.voice.phrases import DTMF_TEXT

ENTRY_PHASES = frozenset({"identity"})
"""Questions whose answer may be typed as digits (``TurnResult.expecting``)."""
END_KEY = "#"
CLEAR_KEY = "*"
"""Starts the entry again, as on every phone menu."""
MAX_KEYS = 20
"""More than any birth date or phone number (E.164 is 15 digits, with a 00 prefix 17)."""


@dataclass
class Keypad:
    """The entry being typed."""

    keys: str = ""

    def press(self, key: str) -> str | None:
        """Add one key; the finished entry when it was the end key (None while typing)."""
        if key == END_KEY:
            return self.finish()
        if key == CLEAR_KEY:
            self.keys = ""
        elif len(self.keys) < MAX_KEYS:
            self.keys += key
        return None

    def finish(self) -> str | None:
        """The entry typed so far (None when nothing was), and a fresh start."""
        keys, self.keys = self.keys, ""
        return keys or None


def key_meaning(key: str, language: Language) -> str | None:
    """What a single key says for the caller, if it means anything on its own."""
    said = DTMF_TEXT.get(key)
    return said[language] if said else None


def entry_text(keys: str, language: Language) -> str:
    """What a finished entry says: a lone key's meaning, else the digits as typed (the engine
    reads eight digits as a birth date, day first, and a longer run as a phone number)."""
    if len(keys) == 1:
        return key_meaning(keys, language) or keys
    return keys
