"""Keys a caller presses, collected into entries (``graphs.keypad`` says what they mean).

While the agent asks who the caller is, keys are collected into an entry (a birth date, a
phone number) that ends with the hash key or a pause; at any other question a key with a
meaning (1 yes, 0 a person) answers at once. Pipecat's ``DTMFAggregator`` always collects
and waits for the pause, which would make "press 1" wait too, so the phase decides here.
"""

from __future__ import annotations

from dataclasses import dataclass

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
