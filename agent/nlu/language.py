"""French or English? A per-turn guess from function words, robust to typos and mixed turns.

Short turns ("ok", "2", a name) carry no evidence and return None: the conversation keeps
its current language.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from agent.nlu.lexicon import word_list
from agent.nlu.normalize import Utterance
from agent.understanding import Language

_FR = word_list("french")
_EN = word_list("english")
_ACCENTS = frozenset("éèêàçùâîôûœ")
COMMON_WORDS: frozenset[str] = _FR | _EN
"""Frequent French and English words: never a person's name on their own."""

# Words that exist in both lexicons but lean one way strongly enough to break ties.
_STRONG_FR = frozenset({"je", "vous", "est", "pas", "oui", "merci", "bonjour", "rendez", "rdv"})
_STRONG_EN = frozenset({"i", "the", "yes", "my", "you", "is", "thanks", "appointment"})


def detect_language(utterance: Utterance, ignore: Collection[str] = ()) -> Language | None:
    """Return "fr" or "en" when the words say so clearly, else None.

    Args:
        utterance: the normalised turn.
        ignore: folded words that say nothing about the language (the caller's name:
            "Thérèse Le Gall" in an English call is not French).
    """
    fr = en = 0.0
    accents = False
    for word in utterance.words:
        if ignore and all(part in ignore for part in re.split(r"[-']", word.fold)):
            continue
        accents = accents or any(ch in _ACCENTS for ch in word.raw.lower())
        for part in word.fold.split("'"):
            if part in _FR:
                fr += 1.5 if part in _STRONG_FR else 1.0
            if part in _EN:
                en += 1.5 if part in _STRONG_EN else 1.0
    if accents:
        fr += 1.0
    if max(fr, en) < 1.5 or abs(fr - en) < 0.5:
        return None
    return "fr" if fr > en else "en"
