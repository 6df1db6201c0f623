"""Replies made ready to be spoken and transcripts made ready to be read.

The engine's replies are written for both screens and speakers ("mardi 24 novembre à 15 h",
"Tuesday 24 November at 15:00"); a voice says "à quinze heures" and "at three p.m.". Whisper
writes a spelled name as letters ("D-U-P-O-N-T", "D. U. P. O. N. T."); the engine expects the
name. Both rewrites are small, language-aware and leave everything else untouched.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["fr", "en"]

_FR_TIME = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})\b")
_FR_HOUR = re.compile(r"\b(\d{1,2}) ?h\b")
_EN_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_FR_WORDS = {r"\b1er\b": "premier", r"\bDr\b\.?": "docteur", r"\bMme\b": "madame"}
_EN_WORDS = {r"\bDr\b\.?": "Doctor", r"\bMrs\b\.?": "Missus"}
_MARKUP = re.compile(r"[*_#`>|]+")


def _english_time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return match.group(0)
    suffix = "a.m." if hour < 12 else "p.m."
    twelve = hour % 12 or 12
    if minute == 0:
        return "noon" if hour == 12 else f"{twelve} {suffix}"
    spoken_minute = f"oh {minute}" if minute < 10 else str(minute)
    return f"{twelve} {spoken_minute} {suffix}"


def _french_time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return match.group(0)
    unit = "heure" if hour == 1 else "heures"
    return f"{hour} {unit} {minute}"


def speakable(text: str, language: Language) -> str:
    """``text`` as a voice should say it in ``language`` (times, abbreviations, no markup)."""
    text = _MARKUP.sub(" ", text)
    if language == "fr":
        text = _FR_TIME.sub(_french_time, text)
        text = _FR_HOUR.sub(
            lambda m: f"{m.group(1)} heure" if m.group(1) == "1" else f"{m.group(1)} heures", text
        )
        for pattern, word in _FR_WORDS.items():
            text = re.sub(pattern, word, text)
    else:
        text = _EN_TIME.sub(_english_time, text)
        for pattern, word in _EN_WORDS.items():
            text = re.sub(pattern, word, text)
    return re.sub(r"\s{2,}", " ", text).strip()


# Three or more single capital letters separated by spaces, dots, commas or hyphens: a spelled
# word. Capitals only, as Whisper writes spelled letters: "il y a à" stays as it is.
_SPELLED = re.compile(r"\b(?:[A-ZÀ-Ý][\s.,\-]+){2,}[A-ZÀ-Ý]\b\.?")


def _join_letters(match: re.Match[str]) -> str:
    letters = re.findall(r"[A-ZÀ-Ý]", match.group(0))
    return "".join(letters).capitalize()


# Whisper writes a long run of spoken digits as a sum of money ("plus 447,700,100,263") and the
# word "plus" of an international number as a word. Callers say digits, never thousands.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PLUS = re.compile(r"\bplus\s+(?=\d{2})", re.IGNORECASE)


def heard(text: str) -> str:
    """A transcript as the engine should read it: spelled-out words joined ("D-U-P-O-N-T" ->
    "Dupont"), digits grouped as money joined back ("plus 447,700,100,263" ->
    "+447700100263"); everything else as transcribed."""
    text = _SPELLED.sub(_join_letters, text)
    text = _PLUS.sub("+", _THOUSANDS.sub("", text))
    return re.sub(r"\s{2,}", " ", text).strip()
