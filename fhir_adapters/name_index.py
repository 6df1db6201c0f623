"""A fuzzy name index: whom a spoken name can mean, without scoring everyone.

A hospital has a thousand practitioners; scoring each of them with ``name_score`` on every
turn that names one took 100 ms. This index scores only the entries that share a plausible
token with the query, and scores them exactly as a full scan would:

1. Every entry is indexed by the folded words of its name variants ("claire", "martin"),
   and by its several-word variants run together ("vanderberg", "clairemartin").
2. Each query word finds its vocabulary words exactly (a dict) and fuzzily: rapidfuzz
   compares it, in C, with the distinct words of a compatible length only (a practice has
   far fewer distinct words than people). The query run together is compared the same way
   with the run-together variants. The cut-off, ``TOKEN_CUTOFF``, is well below the name
   threshold: a name scoring 80 as a whole has a word that close to one of the query's
   (typos, a dropped letter, "le roux" for "Leroux"), or, said as one word, is that close
   run together ("VanderBerg").
3. The entries owning those tokens are scored with ``name_score``'s own rules (best of
   rapidfuzz ``token_set_ratio`` and ``ratio`` over the entry's variants), in one rapidfuzz
   call per scorer over the candidates' variants.

The tests compare the index with a full scan on thousands of spoken forms (typos, accents,
titles, swapped order, partial names): same entries, same scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

from rapidfuzz import fuzz, process

from fhir_adapters.matching import MATCH_THRESHOLD, strip_titles

TOKEN_CUTOFF = 60.0
"""Similarity (0-100) a query token needs with a name token to make its owners candidates."""

_MIN_LENGTH_RATIO = TOKEN_CUTOFF / (200.0 - TOKEN_CUTOFF)
"""ratio(a, b) >= cut-off needs min(len)/max(len) >= cut / (200 - cut) (2 * common / total)."""


def _joined_forms(name: str) -> tuple[str, ...]:
    """A several-word name run together, as written and with its words sorted (the order
    ``token_set_ratio`` compares them in): "van der berg" -> "vanderberg", "bergdervan"."""
    words = name.split()
    if len(words) < 2:
        return ()
    return ("".join(words), "".join(sorted(words)))


class _Vocabulary:
    """Distinct tokens with the entries owning them, bucketed by length for fuzzy probes."""

    def __init__(self, postings: dict[str, list[int]]) -> None:
        self.postings = postings
        self.by_length: dict[int, list[str]] = {}
        for token in postings:
            self.by_length.setdefault(len(token), []).append(token)

    def owners(self, token: str) -> Iterable[int]:
        """Entries owning a token within ``TOKEN_CUTOFF`` of ``token``."""
        if not token:
            return
        yield from self.postings.get(token, ())
        low = max(1, int(len(token) * _MIN_LENGTH_RATIO))
        high = int(len(token) / _MIN_LENGTH_RATIO) + 1
        pool = list(chain.from_iterable(self.by_length.get(n, ()) for n in range(low, high + 1)))
        for found, _, _ in process.extract(
            token, pool, scorer=fuzz.ratio, score_cutoff=TOKEN_CUTOFF, limit=None
        ):
            yield from self.postings[found]


class NameIndex:
    """Entries 0..n-1, each with the folded name variants it answers to.

    Args:
        variants: per entry, its folded variants ("martin", "claire martin", ...), as
            ``human_name_variants`` or ``strip_titles`` give them.
    """

    def __init__(self, variants: Iterable[Sequence[str]]) -> None:
        self._variants: list[tuple[str, ...]] = [tuple(v for v in vs if v) for vs in variants]
        words: dict[str, list[int]] = {}
        joined: dict[str, list[int]] = {}
        for entry, names in enumerate(self._variants):
            for token in {t for name in names for t in name.split()}:
                words.setdefault(token, []).append(entry)
            for form in {f for name in names for f in _joined_forms(name)}:
                joined.setdefault(form, []).append(entry)
        self._words = _Vocabulary(words)
        self._joined = _Vocabulary(joined)

    def __len__(self) -> int:
        return len(self._variants)

    def variants(self, entry: int) -> tuple[str, ...]:
        """The variants entry ``entry`` was indexed with."""
        return self._variants[entry]

    def candidates(self, folded_query: str) -> list[int]:
        """Entries sharing a plausible token with ``folded_query`` (titles stripped), in order."""
        tokens = folded_query.split()
        found: set[int] = set()
        for token in set(tokens):
            found.update(self._words.owners(token))
        found.update(self._joined.owners("".join(tokens)))
        return sorted(found)

    def search(self, query: str, threshold: float = MATCH_THRESHOLD) -> list[tuple[int, float]]:
        """(entry, score) of every entry scoring at least ``threshold``, in entry order.

        The score is ``matching.name_score(query, variants)``: 100 for an exact variant, else
        the best of ``token_set_ratio`` and ``ratio`` over the entry's variants.
        """
        q = strip_titles(query)
        if not q:
            return []
        entries = self.candidates(q)
        owners: list[int] = []
        flat: list[str] = []
        for entry in entries:
            for variant in self._variants[entry]:
                owners.append(entry)
                flat.append(variant)
        best: dict[int, float] = {}
        for scorer in (fuzz.token_set_ratio, fuzz.ratio):
            for _, score, at in process.extract(
                q, flat, scorer=scorer, score_cutoff=threshold, limit=None
            ):
                entry = owners[at]
                if score > best.get(entry, -1.0):
                    best[entry] = float(score)
        for at, variant in enumerate(flat):
            if variant == q:
                best[owners[at]] = 100.0
        return sorted(best.items())
