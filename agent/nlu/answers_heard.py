"""Answers to the slot question, heard by sound on a call.

A caller picking one of the offered slots says one of a few things: a rank ("le premier",
"the second one"), "later", "earlier" or "something else". Speech recognition writes a short
answer it does not catch as words that sound like it: "Le pomme est, s'il vous plaît" for "le
premier, s'il vous plaît", "L'odosium" for "le deuxième", "Voseveplitaire" for "vous avez plus
tard". An IVR would constrain its recogniser to the question's grammar; Whisper cannot be, so
when a transcript says nothing the choice reader understands, the whole utterance is compared
by sound with that grammar, and an answer it clearly sounds like is read instead.

"Clearly" is measured on espeak-ng's phonemes in broad classes (``agent.phonetics``):

- consonants carry a word through a bad line, vowels and the r do not ("vozvpliteR" and
  "vuzavepliutaR" share every consonant), so every consonant but r must be kept ("le prénom"
  is no "premier") and a vowel heard for another counts half;
- the distance may be at most ``MAX_SHARE`` of the answer's sounds, and the next answer of
  another meaning must be at least one further: "le matin" is no rank, "anything lager" is as
  close to "later" as to "earlier" and is neither.

Nothing is booked on the strength of this: the choice is read back for a yes first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from agent.phonetics import Language, phonemes

MAX_SHARE = 0.35
"""At most this share of an answer's sounds may differ (vowels counting half)."""
MIN_MARGIN = 1.0
"""The closest answer must be this much closer than any answer that means something else."""
_VOWELS = re.compile(r"[aeiouyEON]")
_NOT_CARRIED = re.compile(r"[aeiouyEONR]")
"""Sounds a phone line blurs: vowels, and the r (French "premier" heard as "pomme hier")."""
_RANKS: dict[Language, dict[str, tuple[str, ...]]] = {
    "fr": {
        "premier": ("le premier", "la première"),
        "deuxieme": ("le deuxième", "la deuxième", "le second", "la seconde"),
        "troisieme": ("le troisième", "la troisième"),
        "quatrieme": ("le quatrième", "la quatrième"),
        "dernier": ("le dernier", "la dernière"),
    },
    "en": {
        "first": ("the first", "the first one"),
        "second": ("the second", "the second one"),
        "third": ("the third", "the third one"),
        "fourth": ("the fourth", "the fourth one"),
        "last": ("the last", "the last one"),
    },
}
_MOVES: dict[Language, dict[str, tuple[str, ...]]] = {
    "fr": {
        "plus tard": ("plus tard", "vous avez plus tard", "avez-vous plus tard"),
        "plus tot": ("plus tôt", "vous avez plus tôt", "avez-vous plus tôt"),
        "autre chose": ("autre chose", "vous avez autre chose", "un autre jour"),
    },
    "en": {
        "later": ("later", "anything later", "something later"),
        "earlier": ("earlier", "anything earlier", "something earlier"),
        "something else": ("something else", "anything else", "another day"),
    },
}
_POLITE: dict[Language, tuple[str, ...]] = {"fr": ("s'il vous plaît",), "en": ("please",)}


def choice_heard(transcript: str, language: Language, options: int) -> str | None:
    """The answer to "which one suits you?" that ``transcript`` (lower case, in which the
    choice reader found nothing) clearly sounds like, as the reader's words ("premier", "plus
    tard"), or None. Ranks past ``options`` are not answers."""
    heard = transcript.strip(" .!?,")
    if not heard or any(c.isdigit() for c in heard):
        return None  # numbers are read as said: a time or a date is no rank
    answers = _answers(language)
    sounds = phonemes(language)
    said, *known = sounds.of([heard, *(phrase for _, phrase in answers)])
    scored = sorted(
        (_distance(said, sound), meaning, sound)
        for (meaning, _), sound in zip(answers, known, strict=True)
    )
    best, meaning, sound = scored[0]
    other = next((score for score, m, _ in scored if m != meaning), None)
    if best > MAX_SHARE * len(sound) or (other is not None and other - best < MIN_MARGIN):
        return None
    if _NOT_CARRIED.sub("", said) != _NOT_CARRIED.sub("", sound):
        return None  # every other consonant is kept: "le prénom" is no "premier"
    ranks = list(_RANKS[language])
    if meaning in ranks[:-1] and ranks.index(meaning) >= options:
        return None  # "the fourth" of three is no answer, nor "the first" misheard
    return meaning


@lru_cache(maxsize=2)
def _answers(language: Language) -> tuple[tuple[str, str], ...]:
    """(meaning, phrase) for every answer, bare and with "please" after it."""
    kinds = {**_RANKS[language], **_MOVES[language]}
    bare = [(meaning, phrase) for meaning, phrases in kinds.items() for phrase in phrases]
    polite = [(m, f"{p} {please}") for m, p in bare for please in _POLITE[language]]
    return tuple(bare + polite)


def _distance(heard: str, meant: str) -> float:
    """Phoneme distance where one vowel heard for another counts half: a bad line blurs
    vowels, while a sound missing or added is a sound."""
    return sum(
        0.5
        if op.tag == "replace"
        and _VOWELS.match(heard[op.src_pos])
        and _VOWELS.match(meant[op.dest_pos])
        else 1.0
        for op in Levenshtein.editops(heard, meant)
    )
