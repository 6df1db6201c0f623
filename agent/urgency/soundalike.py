"""Sound-alike repair of transcribed speech, for the red-flag rules.

Speech recognition writes a red-flag word it does not catch as a word, or a non-word, that
sounds like it: "crise d'asme", "coupeur profonde", "gravement brilé", "anti-coragulant",
"cache du sang" (crache), "je me suis connu la tête" (cogné). The rules are written for what
people say, so on a voice call the transcript is compared, by sound, with the phrases the rules
look for; a phrase that sounds close enough replaces what was heard, and the rules run again on
the repaired text (``assess(heard=True)`` keeps the higher reading).

What counts as "close enough" is narrow, because a repair must never invent a symptom:

- sounds are compared as espeak-ng's phonemes in broad classes (``agent.phonetics``), and at
  most two phonemes may differ (one in a word of four, one per word for real words);
- a window holding a word rare in the call's language (``RARE_ZIPF``: a non-word such as "asme"
  cannot have been meant as itself) is compared with every phrase (a non-word of three sounds
  must sound exactly like one);
- real words only within a phrase where exactly one word changes, by a phoneme (two in a long
  word of a phrase of three), and the others, a content word among them, were heard as they
  are: "cache du sang" is anchored by "sang", "tailles violettes" by "violettes", but "she's
  feeling" never becomes "she's fitting", "il boit bien" "il boit rien", nor "sleeping pills"
  "saving pills";
- of two real words, a French article the recogniser ran into the noun after it is taken off
  before the comparison ("j'ai détaché violettes": des taches violettes); three real words are
  one word of the rules only when together they sound exactly like it, and it is long ("vente
  au ligne": ventoline);
- a medicine after "takes", "is on", "il prend", "sous" may be heard as any words, real ones
  too, run together: "takes a liquid" is Eliquis, "sous carré de jik" Kardégic;
- a repair stays within a clause, never swallows a negation, and may run words together
  ("vente oligne": ventoline) but never split one ("Bichat": been shot).

On the urgency corpora and every eval suite's lines read as transcripts (3,242 texts) no
level changes. The phrases are the rules' own: every pattern of every concept, expanded into
the strings it matches (a stem such as ``saign\\w*`` into its frequent words), so a new rule
is heard too. Needs the voice extra (phonemizer with espeak-ng's library from
``espeakng-loader``, wordfreq, sre_yield); it only runs on transcribed speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from agent.phonetics import phonemes, zipf
from agent.urgency.normalize import normalize
from agent.urgency.rules import RuleBook, load_rules

Language = Literal["fr", "en"]

RARE_ZIPF = 2.5
"""A word rarer than this in the call's language (wordfreq's Zipf scale: 2.5 is about three
times per 100 million words) is taken as misheard: "asme" 1.9, "coupeur" 2.4, "coragulant" or
"signements" 0. Real words stay as heard, even rare ones: "débité" (2.8) is not "déboîté",
"inhaler" (2.9) is not "in labour". Real words misheard as real words ("cache du sang" for
"crache") are repaired only where a phrase anchors them (``ANCHORED_WORDS``)."""
_KEEP = frozenset(
    {"no", "not", "never", "without", "nor", "pas", "ne", "n", "plus", "jamais", "sans", "ni"}
    | {"aucun", "aucune", "rien", "personne"}
)
"""Words whose loss would turn a sentence around: a repair never swallows one."""
ANCHORED_WORDS = 3
CONTENT_ZIPF = 6.0
"""An anchor must be rarer than this: "sang" (4.9) or "tête" (5.5) anchor a phrase, "she",
"over" or "isn" do not."""
MAX_PHRASE_WORDS = 4
RUN_TOGETHER_SOUNDS = 7
"""Three real words are read as one word of the rules only when they sound exactly like it and
it is this long ("vente au ligne": ventoline, 8 sounds)."""
DRUG_CONCEPTS = ("anticoagulant", "antiplatelet")
"""Concepts whose one-word phrases are medicines with a brand callers say and a recogniser does
not know: after "takes" or "il prend", the words heard are compared with these even when they
are real words ("takes a liquid": Eliquis). Not ``medicine_word``: its "e liquid" and "bleach"
are taken in other ways."""
_TAKING: dict[Language, frozenset[tuple[str, ...]]] = {
    "en": frozenset(
        {("takes",), ("take",), ("taking",), ("took",), ("prescribed",)}
        | {(w, "on") for w in ("is", "s", "been", "was", "put", "started")}
    ),
    "fr": frozenset(
        {("prend",), ("prends",), ("prenait",), ("prennent",), ("sous",), ("traitement",)}
        | {("traite", "par"), ("traitee", "par")}
    ),
}
"""Words after which a caller names a medicine."""
_DETERMINERS = frozenset(
    {
        "his",
        "her",
        "my",
        "their",
        "the",
        "some",
        "du",
        "de",
        "des",
        "le",
        "la",
        "l",
        "d",
        "son",
        "sa",
    }
)
_GLUED_ARTICLES: dict[Language, tuple[str, ...]] = {
    "fr": ("des", "de", "les", "le", "la", "du"),
    "en": (),
}
"""Articles a recogniser writes as one word with the noun after them ("des taches":
"détaché"); English articles do not run into a noun's sound that way."""
DRUG_WORDS = 3
STRINGS_PER_PATTERN = 200
COMPLETIONS_PER_STEM = 4
_TOP_WORDS = 200_000

_TOKEN = re.compile(r"[a-z0-9]+")
_STEM = re.compile(r"([a-z]+)\\w[*+]")
_STEMS = re.compile(r"\(\?:([a-z|]+)\)\\w[*+]")  # "(?:cogn|tap|frapp)\w*"
# Parts of a pattern that match no letters, or any word: dropped before expansion.
_NOT_WORDS = [
    re.compile(r"\(\?<?[!=][^()]*(?:\([^()]*\)[^()]*)*\)"),  # lookarounds
    re.compile(r"\(\?:\\w\+ \)\{\d*,?\d*\}"),  # "any one or two words"
    re.compile(r"\\b"),
    re.compile(r"\\w[*+]?"),
]


@dataclass(frozen=True)
class Change:
    """One repair: what was heard and the rules' phrase it was taken for."""

    heard: str
    meant: str


@dataclass(frozen=True)
class Repaired:
    """The transcript with its sound-alikes replaced, and what was replaced."""

    text: str
    changes: tuple[Change, ...]


class _Words:
    """One language's word frequencies and accents, from wordfreq's lists."""

    def __init__(self, language: Language) -> None:
        import wordfreq

        self._language = language
        self.accented: dict[str, str] = {}
        self.by_prefix: dict[str, list[str]] = {}
        for word in wordfreq.top_n_list(language, _TOP_WORDS):
            plain = unidecode(word)
            if not plain.isalpha():
                continue
            self.accented.setdefault(plain, word)
            self.by_prefix.setdefault(plain[:4], []).append(plain)

    def zipf(self, word: str) -> float:
        """How common ``word`` is in this language (its accents restored)."""
        return zipf(self.accented.get(word, word), self._language)

    def completions(self, stem: str) -> list[str]:
        """The most frequent words starting with ``stem`` ("cogn": cogne, cogné...); the stem
        itself only when it is a word, or when nothing completes it."""
        found = [w for w in self.by_prefix.get(stem[:4], ()) if w.startswith(stem)]
        words = list(dict.fromkeys(found[:COMPLETIONS_PER_STEM]))
        return words if stem in words or (words and stem not in self.accented) else [stem, *words]


def _strings(pattern: str, words: _Words) -> Iterator[str]:
    """Up to ``STRINGS_PER_PATTERN`` of the phrases ``pattern`` matches, evenly sampled."""
    import sre_yield

    simple = _STEMS.sub(
        lambda m: (
            f"(?:{'|'.join(w for stem in m.group(1).split('|') for w in words.completions(stem))})"
        ),
        pattern,
    )
    simple = _STEM.sub(lambda m: f"(?:{'|'.join(words.completions(m.group(1)))})", simple)
    for rx in _NOT_WORDS:
        simple = rx.sub("", simple)
    try:
        matched = sre_yield.AllStrings(simple, max_count=2)
        count = len(matched)
    except (re.error, ValueError, TypeError, OverflowError):
        return  # a construct sre_yield does not expand: the pattern's other phrases still are
    step = max(1, count // STRINGS_PER_PATTERN)
    for i in range(0, count, step):
        phrase = " ".join(matched[i].split())
        if re.fullmatch(r"[a-z ]{4,}", phrase) and phrase.count(" ") < MAX_PHRASE_WORDS:
            yield phrase


@dataclass(frozen=True)
class _Vocabulary:
    phrases: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]
    """each phrase's words' phonemes"""
    sounds: tuple[str, ...]
    """each phrase's phonemes, run together"""
    known: frozenset[str]
    """every word of every phrase: never itself a misheard word"""


class SoundAlikes:
    """Repairs one language's transcripts against a rule book's phrases."""

    def __init__(self, book: RuleBook, language: Language) -> None:
        self._book = book
        self._words = _Words(language)
        self._phonemes = phonemes(language)
        of_concept = {
            name: {
                phrase
                for pattern in concept.patterns.get(language, ())
                for phrase in _strings(pattern, self._words)
            }
            for name, concept in book.concepts.items()
        }
        phrases = sorted(set().union(*of_concept.values()))
        words = self._sounds_of_phrases(phrases)
        self._vocabulary = _Vocabulary(
            tuple(phrases),
            tuple(words),
            tuple(map("".join, words)),
            frozenset(w for p in phrases for w in p.split()),
        )
        drugs = {
            p for name in DRUG_CONCEPTS for p in of_concept[name] if " " not in p and len(p) >= 5
        }
        # Each medicine's vocabulary index -> its sounds: what ``_medicines`` searches.
        self._drugs = {
            i: sound
            for i, (phrase, sound) in enumerate(zip(phrases, self._vocabulary.sounds, strict=True))
            if phrase in drugs
        }
        self._taking = _TAKING[language]
        articles = _GLUED_ARTICLES[language]
        self._articles = tuple(zip(articles, self._sounds(articles), strict=True))
        # Phrases by their number of words: a window is only ever matched to phrases as long.
        self._of_length: dict[int, dict[int, str]] = {}
        for i, (phrase, sound) in enumerate(zip(phrases, self._vocabulary.sounds, strict=True)):
            self._of_length.setdefault(len(phrase.split()), {})[i] = sound
        self._word_of_sound = {sound: i for i, sound in self._of_length.get(1, {}).items()}

    def _sounds(self, words: Sequence[str]) -> list[str]:
        # Accents restored ("fiere": fière), or espeak reads an unaccented word as English.
        return self._phonemes.of([self._words.accented.get(w, w) for w in words])

    def _sounds_of_phrases(self, phrases: Sequence[str]) -> list[tuple[str, ...]]:
        sounds = iter(self._sounds([w for p in phrases for w in p.split()]))
        return [tuple(next(sounds) for _ in p.split()) for p in phrases]

    def repair(self, normalized: str, written: str = "") -> Repaired:
        """``normalized`` (the rules' canonical form of ``written``, the transcript as the
        recogniser wrote it) with its sound-alikes replaced; a window holding a word of a name
        in ``written`` (``_names``) is left as heard."""
        names = self._names(written)
        tokens = list(_TOKEN.finditer(normalized))
        if not tokens:
            return Repaired(normalized, ())
        texts = [t.group() for t in tokens]
        sounds = self._sounds(texts)
        clause = _clauses(normalized, tokens)
        found: list[tuple[int, int, int, int]] = []  # (distance, -size, start, phrase index)
        for size in range(1, MAX_PHRASE_WORDS):
            for start in range(len(tokens) - size + 1):
                window = texts[start : start + size]
                if clause[start] != clause[start + size - 1] or any(
                    w in _KEEP or w in names for w in window
                ):
                    continue
                heard = sounds[start : start + size]
                if self._misheard(window):
                    close = self._close(window, "".join(heard))
                elif size >= ANCHORED_WORDS:
                    close = chain(self._anchored(window, heard), self._run_together(heard))
                elif size == 2:
                    close = chain(
                        self._merged(heard),
                        self._anchored(window, heard, tolerance=1),
                        *(
                            self._anchored(w, h, tolerance=1)
                            for w, h in self._unglued(window, heard)
                        ),
                    )
                else:
                    continue
                found += [(distance, -size, start, index) for index, distance in close]
        found += self._medicines(texts, sounds, clause)
        return self._apply(normalized, tokens, sorted(found))

    def _medicines(
        self, texts: list[str], sounds: list[str], clause: list[int]
    ) -> Iterator[tuple[int, int, int, int]]:
        """A medicine named after "takes", "is on", "il prend", "sous", heard as other words,
        real ones too: "my dad takes a liquid" (Eliquis), "il prend du sarel tôt" (Xarelto).
        The slot anchors the guess, so the words heard may run into one medicine's name."""
        vocabulary = self._vocabulary
        for cue in range(len(texts)):
            after = next(
                (cue + len(t) for t in self._taking if tuple(texts[cue : cue + len(t)]) == t), None
            )
            if after is None:
                continue
            starts = (
                [after, after + 1]
                if after < len(texts) and texts[after] in _DETERMINERS
                else [after]
            )
            for start in starts:
                for size in range(1, DRUG_WORDS + 1):
                    window = texts[start : start + size]
                    if (
                        len(window) < size
                        or clause[start] != clause[start + size - 1]
                        or any(w in _KEEP or w.isdigit() for w in window)
                    ):
                        break
                    heard = "".join(sounds[start : start + size])
                    for _, distance, index in process.extract(
                        heard, self._drugs, scorer=Levenshtein.distance, score_cutoff=2, limit=5
                    ):
                        if vocabulary.phrases[index] != " ".join(window) and distance <= _budget(
                            vocabulary.sounds[index]
                        ):
                            yield int(distance), -size, start, index

    def _anchored(
        self, window: list[str], heard: list[str], tolerance: int = 2
    ) -> Iterator[tuple[int, int]]:
        """Real words: one word of a phrase changes by a sound (by two in a long word, up to
        ``tolerance``), and the others, a content word among them, were heard as they are
        ("cache du sang", "connu la tête"; of two words, "tailles violettes" but never
        "sleeping pills": saving pills)."""
        vocabulary = self._vocabulary
        for _, distance, index in process.extract(
            "".join(heard), self._of_length.get(len(window), {}), scorer=Levenshtein.distance,
            score_cutoff=2, limit=20,
        ):  # fmt: skip
            meant = vocabulary.words[index]
            changed = [i for i, (a, b) in enumerate(zip(heard, meant, strict=True)) if a != b]
            if len(changed) != 1:
                continue
            i = changed[0]
            if min(len(heard[i]), len(meant[i])) < 3 or Levenshtein.distance(heard[i], meant[i]) > (
                1 if len(meant[i]) < 6 else tolerance
            ):
                continue
            kept = [w for j, w in enumerate(window) if j != i]
            if any(len(w) >= 4 and self._words.zipf(w) < CONTENT_ZIPF for w in kept):
                yield index, int(distance)

    def _unglued(
        self, window: list[str], heard: list[str]
    ) -> Iterator[tuple[list[str], list[str]]]:
        """The window with an article a French recogniser glued to the next word taken off it
        ("j'ai détaché violettes": des taches violettes), for ``_anchored`` to compare."""
        for i, word in enumerate(window):
            for article, sound in self._articles:
                rest = word[len(article) :]
                if word.startswith(article) and len(rest) >= 3 and heard[i].startswith(sound):
                    yield (
                        [*window[:i], rest, *window[i + 1 :]],
                        [*heard[:i], heard[i][len(sound) :], *heard[i + 1 :]],
                    )

    def _merged(self, heard: list[str]) -> Iterator[tuple[int, int]]:
        """Two real words a recogniser split one word into: a lone vowel split off its front,
        the rest the same sounds ("est soufflé": essoufflé). Only that: real words run
        together too easily ("en taille" is no entaille, "shock in" no choking, "this
        location" no dislocation)."""
        if len(heard[0]) != 1:
            return
        vocabulary = self._vocabulary
        for _, _, index in process.extract(
            "".join(heard), vocabulary.sounds, scorer=Levenshtein.distance, score_cutoff=0
        ):
            if " " not in vocabulary.phrases[index]:
                yield index, 0

    def _run_together(self, heard: list[str]) -> Iterator[tuple[int, int]]:
        """Three real words whose sounds are exactly one long word of the rules ("vente au
        ligne": ventoline). Two are not enough ("en taille" is no entaille)."""
        joined = "".join(heard)
        if len(joined) < RUN_TOGETHER_SOUNDS:
            return
        index = self._word_of_sound.get(joined)
        if index is not None:
            yield index, 0

    def _misheard(self, window: list[str]) -> bool:
        """A window holding a non-word (and no number) is compared with every phrase."""
        if any(w.isdigit() for w in window):
            return False
        return any(
            len(w) >= 3 and w not in self._vocabulary.known and self._words.zipf(w) < RARE_ZIPF
            for w in window
        )

    def _close(self, window: list[str], heard: str) -> Iterator[tuple[int, int]]:
        # Three sounds must match exactly ("asme": asthme, ``_budget``); fewer say nothing.
        if len(heard) < 3:
            return
        vocabulary = self._vocabulary
        for _, distance, index in process.extract(
            heard, vocabulary.sounds, scorer=Levenshtein.distance, score_cutoff=2, limit=20
        ):
            phrase, meant = vocabulary.phrases[index], vocabulary.sounds[index]
            if phrase == " ".join(window) or distance > _budget(meant):
                continue
            # Words run together ("vente oligne": ventoline), never apart: one odd word read
            # as two ("Bichat": been shot) is how a repair would invent a symptom.
            if len(window) - 1 <= len(phrase.split()) <= len(window):
                yield index, int(distance)

    def _apply(
        self, normalized: str, tokens: list[re.Match[str]], found: list[tuple[int, int, int, int]]
    ) -> Repaired:
        taken: set[int] = set()
        chosen: list[tuple[int, int, str]] = []
        for _, negative_size, start, index in found:
            span = set(range(start, start - negative_size))
            if span & taken:
                continue
            taken |= span
            chosen.append((start, start - negative_size, self._vocabulary.phrases[index]))
        text, changes = normalized, []
        for start, end, phrase in sorted(chosen, reverse=True):
            begin, stop = tokens[start].start(), tokens[end - 1].end()
            changes.append(Change(heard=normalized[begin:stop], meant=phrase))
            text = f"{text[:begin]}{phrase}{text[stop:]}"
        return Repaired(text, tuple(reversed(changes)))

    def _names(self, written: str) -> frozenset[str]:
        """Words, in the rules' canonical form, of a run of capitalised words ("Chofi Walker"):
        a recogniser writes a name it does not know as it hears it, and a name is no misheard
        symptom ("Chofi" is no "choking"). A drug's brand stands alone ("the Vennelun isn't
        working")."""
        book = self._book
        return frozenset(
            word
            for run in _NAME_RUN.findall(written)
            for word in _TOKEN.findall(normalize(run, book.typo_regex, book.typos))
        )


_NAME_RUN = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]+(?:[ ,]+[A-ZÀ-Ý][\w'’-]+)+")


def _clauses(normalized: str, tokens: list[re.Match[str]]) -> list[int]:
    """Each token's clause number: a repair never joins words across ``. , ; : ! ?``."""
    marks = [m.start() for m in re.finditer(r"[.,;:!?]", normalized)]
    return [sum(1 for at in marks if at < t.start()) for t in tokens]


def _budget(sounds: str) -> int:
    """How many phonemes may differ: none under four, one at four, two from five ("fiertre",
    "fieva": fièvre)."""
    return 0 if len(sounds) < 4 else 1 if len(sounds) <= 4 else 2


@lru_cache(maxsize=2)
def sound_alikes(language: Language) -> SoundAlikes:
    """The repairer of a language (built once: expanding and sounding the rules takes ~1 s)."""
    return SoundAlikes(load_rules(), language)
