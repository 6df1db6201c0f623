"""Triage metrics of the urgency guardrail on a labelled corpus, with Wilson 95% intervals.

Measured the way triage systems are: emergency recall (sensitivity: emergencies called
emergencies), emergency precision (calls raised to emergency that are emergencies) and
over-triage (routine calls raised to urgent or emergency), overall, per class and per language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from agent.understanding import UrgencyLevel
from agent.urgency.corpus import CorpusItem

Z_95 = 1.959964


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of a proportion (0..1); (0, 1) when there are no trials."""
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def _rate(successes: int, trials: int) -> dict[str, Any]:
    low, high = wilson(successes, trials)
    value = round(successes / trials, 4) if trials else None
    return {"value": value, "k": successes, "n": trials, "ci95": [low, high]}


def _metrics(pairs: list[tuple[CorpusItem, UrgencyLevel]]) -> dict[str, Any]:
    emergencies = [(i, got) for i, got in pairs if i.label == "emergency"]
    urgents = [(i, got) for i, got in pairs if i.label == "urgent"]
    routines = [(i, got) for i, got in pairs if i.label == "routine"]
    raised = [(i, got) for i, got in pairs if got is UrgencyLevel.EMERGENCY]
    out: dict[str, Any] = {"n": len(pairs)}
    if emergencies:
        hit = sum(got is UrgencyLevel.EMERGENCY for _i, got in emergencies)
        out["emergency_recall"] = _rate(hit, len(emergencies))
    if raised:
        right = sum(i.label == "emergency" for i, _got in raised)
        out["emergency_precision"] = _rate(right, len(raised))
    if urgents:
        # An urgent call needs a human: URGENT or EMERGENCY both reach one.
        hit = sum(got is not UrgencyLevel.ROUTINE for _i, got in urgents)
        out["urgent_recall"] = _rate(hit, len(urgents))
    if routines:
        over = sum(got is not UrgencyLevel.ROUTINE for _i, got in routines)
        false_emergency = sum(got is UrgencyLevel.EMERGENCY for _i, got in routines)
        out["over_triage"] = _rate(over, len(routines))
        out["routine_false_emergency"] = _rate(false_emergency, len(routines))
    return out


def score(
    items: Iterable[CorpusItem], predict: Callable[[CorpusItem], UrgencyLevel]
) -> dict[str, Any]:
    """Overall, per-language and per-class metrics, and every misclassified item.

    Args:
        items: the labelled utterances.
        predict: the level the guardrail gives one item.
    """
    pairs = [(item, predict(item)) for item in items]
    by_language = {
        lang: _metrics([p for p in pairs if p[0].language == lang])
        for lang in sorted({i.language for i, _got in pairs})
    }
    by_class = {
        cls: {"label": next(i.label for i, _g in pairs if i.cls == cls)}
        | _metrics([p for p in pairs if p[0].cls == cls])
        for cls in dict.fromkeys(i.cls for i, _got in pairs)
    }
    errors = [
        {"class": i.cls, "language": i.language, "label": i.label, "got": got.value, "text": i.text}
        for i, got in pairs
        if got is not i.level
    ]
    return {
        "overall": _metrics(pairs),
        "by_language": by_language,
        "by_class": by_class,
        "errors": errors,
    }
