"""Answer a practice-information question by retrieval (BM25, ``bm25s``), or not at all.

Words are folded (accents, case), stop words and question words dropped, plural endings
cut, so "Do you do ear piercing?" and "vous faites le perçage d'oreilles ?" are read as
their content words. A passage answers only when it holds most of the question's content
words that do not merely name the practice or a site: "is there a lift at Northgate?"
must not be answered with Northgate's opening hours. Anything else is ``None``: the caller
hears that the question is passed on to a person, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH

from agent.clinic.model import ClinicConfig
from agent.knowledge.documents import Passage, passages
from agent.knowledge.sites import site_words
from agent.understanding import Language
from fhir_adapters.matching import fold

_QUESTION_WORDS = frozenset(
    {"what", "which", "where", "when", "how", "who", "why", "can", "could", "would", "please"}
    | {"tell", "know", "like", "want", "need", "there", "any", "also", "does", "do", "you"}
    | {"est", "ce", "que", "qu", "quoi", "quel", "quelle", "quels", "quelles", "ou", "comment"}
    | {"pouvez", "peut", "faire", "faites", "fait", "avez", "vous", "nous", "je", "il", "y"}
    | {"savoir", "dire", "voudrais", "aimerais", "bonjour", "hello", "merci", "thanks", "a"}
    | {"your", "votre", "vos", "have", "get", "is", "are", "on", "possible", "moi", "me"}
)
_STOP = frozenset(fold(w) for w in (*STOPWORDS_EN, *STOPWORDS_FRENCH)) | _QUESTION_WORDS
MIN_COVERAGE = 0.5
"""Share of the question's content words a passage must hold to answer it."""


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith(("s", "x")) and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Folded content words of ``text``, plural endings cut."""
    return [_stem(w) for w in fold(text).split() if len(w) > 1 and w not in _STOP]


@dataclass(frozen=True)
class Answer:
    """What the knowledge base found: the passage and how much of the question it covers."""

    passage: Passage
    score: float
    coverage: float


class KnowledgeBase:
    """A BM25 index per language over a practice's passages."""

    def __init__(self, clinic: ClinicConfig) -> None:
        every = passages(clinic)
        self._names = {_stem(w) for s in clinic.sites for w in site_words(s)}
        self._names |= set(tokens(clinic.name))
        self._by_language: dict[str, tuple[list[Passage], bm25s.BM25 | None]] = {}
        for lang in ("fr", "en"):
            mine = [p for p in every if p.language == lang]
            index = None
            if mine:
                index = bm25s.BM25()
                index.index([tokens(p.indexed) or ["_"] for p in mine], show_progress=False)
            self._by_language[lang] = (mine, index)

    def __len__(self) -> int:
        return sum(len(found) for found, _ in self._by_language.values())

    def covers(self, question: str, language: Language, key: str) -> float:
        """How much of ``question`` the passage ``key`` holds (0 when there is none)."""
        found, _ = self._by_language.get(language, ([], None))
        asked = self._asked(tokens(question))
        passage = next((p for p in found if p.key == key), None)
        if passage is None or not asked:
            return 0.0
        have = set(tokens(passage.indexed))
        return sum(w in have for w in asked) / len(asked)

    def _asked(self, words: list[str]) -> list[str]:
        unique = list(dict.fromkeys(words))
        return [w for w in unique if w not in self._names] or unique

    def answer(self, question: str, language: Language) -> Answer | None:
        """The passage answering ``question`` in ``language``, or None when none does."""
        found, index = self._by_language.get(language, ([], None))
        words = tokens(question)
        if index is None or not words:
            return None
        known = [w for w in words if w in index.vocab_dict]
        if not known:
            return None
        docs, scores = index.retrieve([known], k=min(3, len(found)), show_progress=False)
        asked = self._asked(words)
        for doc, score in zip(docs[0], scores[0], strict=True):
            passage = found[int(doc)]
            have = set(tokens(passage.indexed))
            coverage = sum(w in have for w in asked) / len(asked)
            if score > 0 and coverage >= MIN_COVERAGE:
                return Answer(passage, float(score), coverage)
        return None


_BUILT: dict[int, tuple[ClinicConfig, KnowledgeBase]] = {}


def knowledge_of(clinic: ClinicConfig) -> KnowledgeBase:
    """The practice's knowledge base, built once per configuration object."""
    held = _BUILT.get(id(clinic))
    if held is None or held[0] is not clinic:
        if len(_BUILT) > 32:
            _BUILT.clear()
        held = _BUILT[id(clinic)] = (clinic, KnowledgeBase(clinic))
    return held[1]
