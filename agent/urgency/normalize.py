"""Turn raw patient text (typed or transcribed) into the canonical form the rules are written for.

Canonical form: ASCII lower case (accents dropped with unidecode), apostrophes and hyphens as
spaces, only letters, digits, spaces and the clause punctuation ``. , ; : ! ?`` kept, single
spaces, and whole-token spelling fixes applied ("cant" -> "can t", "pian" -> "pain").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from unidecode import unidecode

MAX_CHARS = 2000
"""Longest text analysed. Longer input keeps its head and its tail (where a caller who pasted a
long story usually says what is happening now)."""

_HEAD_CHARS = 1500
_TAIL_CHARS = MAX_CHARS - _HEAD_CHARS

# A decimal separator between digits must survive as a dot ("39,5" -> "39.5").
_DECIMAL = re.compile(r"(?<=\d)\s?[.,]\s?(?=\d)")
_APOSTROPHES = re.compile(r"[`'\u2018\u2019\u02bc\u00b4-]")
_DEGREE = re.compile(r"(?<=\d)\s*deg([cf])?\b")
_NOT_KEPT = re.compile(r"[^a-z0-9.,;:!?\s\x00]")
_SPACES = re.compile(r"\s+")
_PUNCT_RUN = re.compile(r"\s*([.,;:!?])[.,;:!?\s]*")


def clip(text: str) -> str:
    """Bound the text to ``MAX_CHARS`` by keeping its head and its tail."""
    if len(text) <= MAX_CHARS:
        return text
    return f"{text[:_HEAD_CHARS]} . {text[-_TAIL_CHARS:]}"


def normalize(text: str, typo_pattern: re.Pattern[str] | None, typos: Mapping[str, str]) -> str:
    """Return the canonical form of ``text`` (see the module docstring).

    Args:
        text: what the patient said or typed; any string, possibly empty or odd.
        typo_pattern: one regex matching every misspelt token, or None for no fixes.
        typos: misspelt token -> canonical replacement.

    Returns:
        The normalised text, never longer than about ``MAX_CHARS`` characters.
    """
    ascii_text = unidecode(clip(text)).lower()
    ascii_text = _DEGREE.sub(lambda m: " degres f" if m.group(1) == "f" else " degres", ascii_text)
    ascii_text = _DECIMAL.sub("\x00", ascii_text)
    ascii_text = _APOSTROPHES.sub(" ", ascii_text)
    ascii_text = _NOT_KEPT.sub(" ", ascii_text)
    ascii_text = _PUNCT_RUN.sub(r" \1 ", ascii_text)
    ascii_text = _SPACES.sub(" ", ascii_text).strip().replace("\x00", ".")
    if typo_pattern is not None:
        ascii_text = typo_pattern.sub(lambda m: typos[m.group(0)], ascii_text)
    return ascii_text
