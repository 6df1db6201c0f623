"""Find every concept of the rule book in one normalised text, as usable hits.

A regex match is dropped when it overlaps a guarded idiom ("I'm dying to see Dr Martin") or
is negated in its clause ("no chest pain"). Past-history and follow-up contexts are kept as
attributes of the hit: whether they disqualify it depends on the flag.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.urgency.measures import measure
from agent.urgency.negation import Context
from agent.urgency.rules import RuleBook

FEVER = "fever"
MAX_HITS_PER_CONCEPT = 8
"""Enough to find a current mention among past or follow-up ones; bounds pathological input."""
NORMAL_TEMPERATURE_MAX = 38.0
"""Below this, a stated temperature means 'no fever' ("il a 37,2")."""


@dataclass(frozen=True)
class Hit:
    """One usable mention of a concept."""

    start: int
    end: int
    text: str
    historical: bool = False
    follow_up: bool = False


class Hits:
    """Usable hits per concept, found lazily: a flag group stops at its first absent concept,
    so words like "severe" are only searched for once "pregnant" was found."""

    def __init__(self, book: RuleBook, context: Context) -> None:
        self._book = book
        self._context = context
        self._guards = [m.span() for m in book.guard_regex.finditer(context.text)]
        self._found: dict[str, list[Hit]] = {}
        self._measured = False

    def get(self, name: str) -> list[Hit]:
        """The usable hits of concept ``name`` (empty when absent)."""
        if name == FEVER or self._book.concepts[name].computed:
            self._measure()
        if name not in self._found:
            self._found[name] = self._search(name)
        return self._found[name]

    def _search(self, name: str) -> list[Hit]:
        concept = self._book.concepts[name]
        if concept.regex is None:
            return []
        context = self._context
        found: list[Hit] = []
        for m in concept.regex.finditer(context.text):
            if len(found) >= MAX_HITS_PER_CONCEPT:
                break
            start, end = m.span()
            if any(g_start < end and start < g_end for g_start, g_end in self._guards):
                continue
            if context.is_negated(start, end):
                continue
            found.append(
                Hit(
                    start,
                    end,
                    m.group(0),
                    historical=concept.history and context.is_historical(start),
                    follow_up=context.is_follow_up(start),
                )
            )
        return found

    def _measure(self) -> None:
        if self._measured:
            return
        self._measured = True
        fever_regex = self._book.concepts[FEVER].regex
        if fever_regex is None:  # pragma: no cover - the rule files always define fever words
            return
        context = self._context
        found = self._found
        found[FEVER] = self._search(FEVER)
        measures = measure(context.text, fever_regex)
        temperature = measures.max_temperature_c
        if temperature is not None:
            at = measures.temperature_at or 0
            anchor = Hit(at, at, f"{temperature:g} C", context.is_historical(at))
            if temperature < NORMAL_TEMPERATURE_MAX:
                found[FEVER] = []
            elif not found[FEVER]:
                # "mon bébé de 6 semaines a 38,2": the number alone says fever.
                found[FEVER] = [anchor]
            found["temp_ge_39_5"] = [anchor] if temperature >= 39.5 else []
            found["temp_ge_40"] = [anchor] if temperature >= 40.0 else []
        fever_days = measures.fever_days
        if found[FEVER] and fever_days is not None and fever_days > 3:
            fever = found[FEVER][0]
            evidence = f"{fever.text}, {fever_days:g} days"
            found["fever_over_3_days"] = [Hit(fever.start, fever.end, evidence, fever.historical)]
        if measures.infant_at is not None:
            at = measures.infant_at
            found["infant_under_3_months"] = [Hit(at, at, "baby under 3 months")]
        for name, concept in self._book.concepts.items():
            if concept.computed:
                found.setdefault(name, [])
