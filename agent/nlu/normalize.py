"""Turn raw patient text into forms the extractors can match quickly.

Patterns in this package are written against ``Utterance.folded``: lower case, accents folded
to ASCII, apostrophes turned into spaces, other punctuation kept (times, dates and phones need
``:``, ``/``, ``+``, ``.``) and whitespace collapsed. Names are read from ``Utterance.words``,
which keeps the patient's own spelling and accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from unidecode import unidecode

MAX_CHARS = 600
"""Longer turns are truncated: nobody books an appointment in their 601st character, and the
cap keeps the worst case (5,000 characters of gibberish) as fast as an ordinary turn."""

_APOSTROPHES = re.compile(r"[’'`´‘]")
_SPACES = re.compile(r"\s+")
_JUNK = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:[-'’][^\W\d_]+)*(?![^\W_])")


@dataclass(frozen=True)
class Word:
    """A word as typed (``raw``) and folded (``fold``), with its character span in ``raw``."""

    raw: str
    fold: str
    start: int
    end: int


@dataclass(frozen=True)
class Utterance:
    """One patient turn, cleaned and folded."""

    raw: str
    folded: str
    words: list[Word] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        """Folded words only (letters), in order."""
        return [w.fold for w in self.words]


def clean(text: str) -> str:
    """Drop control characters, cap the length and collapse whitespace."""
    text = (text or "")[:MAX_CHARS]
    # Control, format, surrogate and private-use characters come from bad pastes and STT
    # glitches; none of them carries meaning here.
    text = "".join(" " if unicodedata.category(c) in _JUNK else c for c in text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form: accents folded, apostrophes and word hyphens to spaces."""
    text = _APOSTROPHES.sub(" ", text)
    folded = (text if text.isascii() else unidecode(text)).lower()
    # "rendez-vous", "après-midi", "est-ce": hyphens between letters are spaces; dates keep theirs.
    folded = _WORD_HYPHEN.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def _word_fold(word: str) -> str:
    """Fold one word but keep its inner apostrophes and hyphens ("o'brien", "jean-pierre")."""
    word = _APOSTROPHES.sub("'", word)
    return (word if word.isascii() else unidecode(word)).lower()


def normalize(text: str) -> Utterance:
    """Clean ``text`` and build its folded forms. Never raises."""
    raw = clean(text)
    words = [
        Word(m.group(0), _word_fold(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(raw)
    ]
    return Utterance(raw=raw, folded=fold(raw), words=words)
