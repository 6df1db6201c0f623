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


def find_hits(book: RuleBook, context: Context) -> dict[str, list[Hit]]:
    """Return concept name -> usable hits (only concepts with at least one hit)."""
    text = context.text
    guards = [m.span() for m in book.guard_regex.finditer(text)]
    hits: dict[str, list[Hit]] = {}
    for concept in book.concepts.values():
        if concept.regex is None:
            continue
        found: list[Hit] = []
        for m in concept.regex.finditer(text):
            if len(found) >= MAX_HITS_PER_CONCEPT:
                break
            start, end = m.span()
            if any(g_start < end and start < g_end for g_start, g_end in guards):
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
        if found:
            hits[concept.name] = found
    _add_measures(book, context, hits)
    return hits


def _add_measures(book: RuleBook, context: Context, hits: dict[str, list[Hit]]) -> None:
    fever_regex = book.concepts[FEVER].regex
    if fever_regex is None:  # pragma: no cover - the rule files always define fever words
        return
    measures = measure(context.text, fever_regex)
    temperature = measures.max_temperature_c
    if temperature is not None:
        at = measures.temperature_at or 0
        anchor = Hit(at, at, "", context.is_historical(at))
        evidence = f"{temperature:g} C"
        if temperature < NORMAL_TEMPERATURE_MAX:
            hits.pop(FEVER, None)
        elif FEVER not in hits:
            # "mon bébé de 6 semaines a 38,2": the number alone says fever.
            hits[FEVER] = [Hit(anchor.start, anchor.end, evidence)]
        if temperature >= 39.5:
            hits["temp_ge_39_5"] = [Hit(anchor.start, anchor.end, evidence, anchor.historical)]
        if temperature >= 40.0:
            hits["temp_ge_40"] = [Hit(anchor.start, anchor.end, evidence, anchor.historical)]
    if FEVER in hits and measures.fever_days is not None and measures.fever_days > 3:
        fever = hits[FEVER][0]
        evidence = f"{fever.text}, {measures.fever_days:g} days"
        hits["fever_over_3_days"] = [Hit(fever.start, fever.end, evidence, fever.historical)]
    if measures.infant_at is not None:
        at = measures.infant_at
        hits["infant_under_3_months"] = [Hit(at, at, "baby under 3 months")]
