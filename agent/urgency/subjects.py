"""Who is the red flag about: the caller, or someone else ("my father", "mon bébé", "she")?

The person concerned by a mention is the nearest person named before it in the same sentence
(a relation such as "my husband", a third-person pronoun, or a first-person word), else the
nearest one earlier in the message ("My dad is 80. He can't breathe."), else the first one
named after it in the same sentence ("chest pain, it's for my father"), else the caller.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from agent.urgency.negation import Context

_DETERMINER = (
    r"(?:(?:my|our|his|her|the|a|mon|ma|mes|notre|nos|son|sa|ses|le|la|l|un|une|ce|cette)"
    r" )?(?:(?:little|older|younger|elderly|old|baby|teenage|petit|petite|grand|grande|jeune"
    r"|vieux|vieille|bebe) )?"
)
_OTHER_PRONOUN = re.compile(
    r"\b(?:he|she|him|his|her|they|them|il(?! (?:y a|faut|fait|pleut|parait|semble|me faut"
    r"|vous faut|vous plait|te plait|s agit|reste|suffit"
    r"|est (?:possible|important|urgent|temps|tard|\d)))"
    r"|elle|elles|ils|lui)\b"
)
_SELF = re.compile(r"\b(?:i|i m|i ve|i d|i ll|me|myself|my|je|j|moi|mon|ma|mes|m)\b")


@dataclass(frozen=True)
class Subject:
    """The person a mention is about."""

    third_party: bool
    relation: str | None = None
    """Relation key from lexicon.yaml ("father", "baby"...), None for the caller or unknown."""


SELF = Subject(third_party=False)


class People:
    """Every person named in one normalised text, with positions, computed once."""

    def __init__(self, context: Context, relation_regex: re.Pattern[str], words: dict[str, str]):
        self._context = context
        # (start, end, relation key or None for a pronoun, is_self)
        mentions: list[tuple[int, int, str | None, bool]] = []
        taken: list[tuple[int, int]] = []
        for m in relation_regex.finditer(context.text):
            mentions.append((m.start(), m.end(), words.get(m.group("who")), False))
            taken.append((m.start(), m.end()))
        for pattern, is_self in ((_OTHER_PRONOUN, False), (_SELF, True)):
            for m in pattern.finditer(context.text):
                if not any(s <= m.start() < e for s, e in taken):
                    mentions.append((m.start(), m.end(), None, is_self))
        mentions.sort(key=lambda m: m[0])
        self._mentions = mentions
        self._starts = [m[0] for m in mentions]

    @property
    def any_third_party(self) -> bool:
        """True when the text names a relation or uses a third-person pronoun."""
        return any(not m[3] for m in self._mentions)

    def _relation_before(self, index: int) -> str | None:
        for _start, _end, relation, is_self in reversed(self._mentions[:index]):
            if relation is not None and not is_self:
                return relation
        return None

    def _subject(self, index: int) -> Subject:
        _start, _end, relation, is_self = self._mentions[index]
        if is_self:
            return SELF
        return Subject(True, relation or self._relation_before(index))

    def subject_at(self, pos: int) -> Subject:
        """The person the mention starting at ``pos`` is about."""
        _sentence_start, sentence_end = self._context.sentence(pos)
        index = bisect_left(self._starts, pos) - 1
        if index >= 0:
            return self._subject(index)
        after = index + 1
        if after < len(self._mentions) and self._mentions[after][0] < sentence_end:
            return self._subject(after)
        return SELF


def relation_regex(words: dict[str, str]) -> re.Pattern[str]:
    """One regex finding any relation word (with its determiner), the word in group ``who``."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b{_DETERMINER}(?P<who>{alternatives})\b")
