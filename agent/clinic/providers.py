"""The caller's words for a kind of care, matched to the specialties this EHR really has.

``find_provider_kind`` reads a folded turn ("je cherche un cardiologue", "a skin
specialist", "a family counselor") and returns a concept of ``fhir_adapters.concepts``:

* words that name a kind of provider (``provider`` in ``providers.yaml``) are understood
  whether or not the practice offers that care, so the agent can say plainly that it does
  not, instead of booking a GP for someone who asked for a cardiologist;
* words for a body part or a complaint (``topic``) only count when the practice offers
  the matching care ("teeth" at a dental practice);
* a specialty the EHR names with a code we do not map (a local code) is matched by the
  words of its display name ("sleep medicine").

The longest match wins, so "family therapist" is family therapy and not psychology.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from fhir_adapters.concepts import CONCEPTS
from fhir_adapters.matching import fold

_FILE = Path(__file__).with_name("providers.yaml")
_STOP = frozenset(
    {"de", "la", "le", "les", "des", "du", "d", "l", "a", "an", "the", "of", "and", "et", "en"}
    | {"medicine", "medecine", "service", "services", "care"}
)


@dataclass(frozen=True)
class _Entry:
    concept: str
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None


def _compile(words: Sequence[str] | None) -> re.Pattern[str] | None:
    words = [w for w in words or [] if w]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b") if words else None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[_Entry, ...]:
    data = yaml.safe_load(_FILE.read_text("utf-8")) or {}
    unknown = sorted(set(data) - set(CONCEPTS))
    if unknown:
        raise ValueError(f"providers.yaml names unknown concepts: {unknown}")
    return tuple(
        _Entry(code, _compile(words.get("provider")), _compile(words.get("topic")))
        for code, words in data.items()
    )


def _longest(pattern: re.Pattern[str] | None, text: str) -> int:
    if pattern is None:
        return 0
    return max((m.end() - m.start() for m in pattern.finditer(text)), default=0)


def find_provider_kind(
    corrected: str,
    offered: Sequence[str] = (),
    *,
    local_names: Mapping[str, str] | None = None,
) -> str | None:
    """The kind of care a turn asks for, as a concept key, or None.

    Args:
        corrected: the folded turn (lower case, no accents).
        offered: the concept keys this practice offers (empty: any is allowed).
        local_names: concept key -> display name, for keys we have no words for (an EHR's
            local specialty codes); matched by the significant words of the name.
    """
    text = f" {fold(corrected)} "
    best: tuple[int, str] | None = None
    for entry in _lexicon():
        length = _longest(entry.strong, text)
        if entry.weak is not None and (not offered or entry.concept in offered):
            length = max(length, _longest(entry.weak, text))
        if length and (best is None or length > best[0]):
            best = (length, entry.concept)
    for key, name in (local_names or {}).items():
        words = [w for w in fold(name).split() if w not in _STOP and len(w) > 2]
        if words and all(re.search(rf"\b{re.escape(w)}", text) for w in words):
            length = sum(len(w) for w in words)
            if best is None or length > best[0]:
                best = (length, key)
    return best[1] if best else None


def provider_words(concept: str) -> bool:
    """Whether the lexicon has words for ``concept`` (used by checks and tests)."""
    return any(e.concept == concept for e in _lexicon())
