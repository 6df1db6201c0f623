"""Words as a recogniser hears them: how they sound (espeak-ng's phonemes, folded into broad
classes) and how common they are (wordfreq), French and English.

Used where speech recognition may have written a word as another that sounds like it: the
urgency guardrail's sound-alike repair, and practitioners, family names and months said on a
call. Broad classes
make the comparison about what a listener (or a recogniser) confuses, not about notation: a
vowel's length, a French or English r, "ɲ" and "n" count as the same sound.

Needs the voice extra: phonemizer, with espeak-ng's library and data from ``espeakng-loader``
(no Debian package), and wordfreq.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal

from rapidfuzz.distance import Levenshtein

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

_ESPEAK_VOICES: dict[Language, str] = {"fr": "fr-fr", "en": "en-us"}
MAX_KNOWN = 50_000
"""Words kept sounded per language; past this the store starts again (a long-running server
hears new words, names and misspellings for ever)."""
_ESPEAK = threading.Lock()
"""espeak-ng is one C library with global state: one caller at a time (a warm-up thread may
sound the rules' phrases while a call's guardrail sounds its transcript)."""
# Broad phoneme classes: what a recogniser confuses, or espeak renders differently in French
# and English, counts as the same sound.
_CLASSES = {
    "iː": "i", "ɪ": "i", "ᵻ": "i", "j": "i", "ɛ": "e", "ə": "e", "ɚ": "eR", "ɜ": "e", "æ": "a",
    "ɐ": "a", "ɑ": "a", "ʌ": "a", "ɔ": "o", "oʊ": "o", "əʊ": "o", "uː": "u", "ʊ": "u", "w": "u",
    "ʁ": "R", "ɹ": "R", "r": "R", "ɾ": "t", "ɲ": "n", "ŋ": "n", "ɡ": "g", "ʒ": "Z", "ʃ": "S",
    "tʃ": "S", "dʒ": "Z", "θ": "t", "ð": "d", "ɫ": "l", "ø": "e", "œ": "e", "ɥ": "y", "ː": "",
    "\u0303": "N", "ʔ": "",
}  # fmt: skip
_CLASS_RX = re.compile("|".join(sorted(map(re.escape, _CLASSES), key=len, reverse=True)))


class Phonemes:
    """One language's broad-class phonemes of words (each word sounded once, then kept)."""

    def __init__(self, language: Language) -> None:
        import espeakng_loader
        from phonemizer.backend import EspeakBackend
        from phonemizer.backend.espeak.wrapper import EspeakWrapper
        from phonemizer.separator import Separator

        EspeakWrapper.set_library(espeakng_loader.get_library_path())
        EspeakWrapper.set_data_path(espeakng_loader.get_data_path())
        self._backend: Any = EspeakBackend(
            _ESPEAK_VOICES[language], language_switch="remove-flags", with_stress=False
        )
        self._separator = Separator(phone="", word=" ", syllable="")
        self._known: dict[str, str] = {}

    def of(self, words: Sequence[str]) -> list[str]:
        """The phonemes of each word (or phrase, run together), as broad classes."""
        known = self._known
        new = [w for w in dict.fromkeys(words) if w not in known]
        if new:
            with _ESPEAK:
                said = self._backend.phonemize(new, separator=self._separator, strip=True)
            if len(known) + len(new) > MAX_KNOWN:
                self._known = {w: known[w] for w in words if w in known}
            self._known.update(zip(new, (broad(p) for p in said), strict=True))
        return [self._known[w] for w in words]


def broad(ipa: str) -> str:
    """``ipa`` (espeak's notation) in broad classes, spaces dropped."""
    folded = unicodedata.normalize("NFD", ipa.replace(" ", ""))
    return _CLASS_RX.sub(lambda m: _CLASSES[m.group()], folded)


@lru_cache(maxsize=2)
def phonemes(language: Language) -> Phonemes:
    """The language's phonemizer (loading espeak takes a few milliseconds; kept per process)."""
    return Phonemes(language)


def readings(
    word: str, candidates: Sequence[str], languages: Sequence[Language] = LANGUAGES
) -> Iterator[tuple[int, str, str]]:
    """(candidate's index, ``word``'s phonemes, the candidate's phonemes), read the French way,
    then the English way: a name or a word may be said either way in a call of either language."""
    for language in languages:
        heard, *known = phonemes(language).of([word, *candidates])
        for at, said in enumerate(known):
            yield at, heard, said


def sounds_the_same(said: str, name: str) -> bool:
    """Whether ``said`` and ``name`` sound alike in French or in English: the same phonemes,
    or one apart in a name of four or more ("Ebert": Hébert, "d'Uma": Dumas)."""
    return any(
        heard == known or (len(known) >= 4 and Levenshtein.distance(heard, known) <= 1)
        for _, heard, known in readings(said, [name])
    )


def zipf(word: str, language: Language) -> float:
    """How common ``word`` is in ``language`` on wordfreq's Zipf scale (0: unknown, 3: once per
    million words, 7: "the")."""
    import wordfreq

    return float(wordfreq.zipf_frequency(word, language))
