"""Scores of a set of replays: success, pass^k, urgency recall/precision, automation, writes.

pass^k follows tau-bench: for a scenario replayed n times with c successes, the chance that k
runs drawn without replacement all succeed is C(c, k) / C(n, k); pass^k is its mean over
scenarios. Urgency is scored as a binary detector (urgent or emergency = positive) plus the
full 3x3 confusion matrix.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from math import comb

from pydantic import BaseModel, Field

from agent.understanding import UrgencyLevel
from evals.not_understood import NotUnderstood, not_understood
from evals.results import RunResult
from evals.scenario import Thresholds

LEVELS = [UrgencyLevel.ROUTINE, UrgencyLevel.URGENT, UrgencyLevel.EMERGENCY]


class Distribution(BaseModel):
    """Summary of a list of numbers."""

    count: int = 0
    mean: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    max: float = 0.0


class Breakdown(BaseModel):
    """Success of one slice (a category, a language)."""

    runs: int
    passed: int
    success: float


class Scores(BaseModel):
    """Every figure the reports show."""

    scenarios: int
    runs_per_scenario: int
    runs: int
    success: float
    pass_k: dict[int, float] = Field(description="k -> pass^k")
    urgency_recall: float | None = Field(description="None when no urgent case was replayed")
    urgency_precision: float | None = Field(description="None when nothing was flagged")
    emergency_recall: float | None
    urgency_confusion: dict[str, dict[str, int]] = Field(description="expected -> observed")
    automation: float = Field(description="share of calls finished without a human")
    wrongful_writes: int
    errors: int = Field(description="replays that crashed")
    turns: Distribution
    engine_ms: Distribution
    by_category: dict[str, Breakdown]
    by_language: dict[str, Breakdown]
    not_understood: NotUnderstood = Field(
        default_factory=NotUnderstood, description="'I didn't catch that' replies and their cause"
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def distribution(values: Sequence[float]) -> Distribution:
    """Count, mean and percentiles of ``values``."""
    if not values:
        return Distribution()
    return Distribution(
        count=len(values),
        mean=statistics.fmean(values),
        p50=percentile(values, 50),
        p95=percentile(values, 95),
        p99=percentile(values, 99),
        max=max(values),
    )


def pass_hat_k(successes_per_scenario: Iterable[tuple[int, int]], k: int) -> float:
    """Mean over scenarios of C(c, k) / C(n, k), for (c successes, n runs) pairs with n >= k."""
    terms = [comb(c, k) / comb(n, k) for c, n in successes_per_scenario if n >= k]
    return sum(terms) / len(terms) if terms else 0.0


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _breakdown(results: Sequence[RunResult], key: str) -> dict[str, Breakdown]:
    groups: dict[str, list[RunResult]] = defaultdict(list)
    for result in results:
        groups[str(getattr(result, key))].append(result)
    return {
        name: Breakdown(
            runs=len(group),
            passed=sum(r.passed for r in group),
            success=sum(r.passed for r in group) / len(group),
        )
        for name, group in sorted(groups.items())
    }


def score(results: Sequence[RunResult]) -> Scores:
    """Compute the scores of ``results`` (several runs of a scenario share its id)."""
    per_scenario: dict[str, list[RunResult]] = defaultdict(list)
    for result in results:
        per_scenario[result.scenario_id].append(result)
    runs_per = min((len(v) for v in per_scenario.values()), default=0)
    counts = [(sum(r.passed for r in runs), len(runs)) for runs in per_scenario.values()]

    confusion = {e.value: {o.value: 0 for o in LEVELS} for e in LEVELS}
    tp = fp = fn = 0
    emergencies = caught = 0
    for r in results:
        confusion[r.expected_urgency.value][r.observed_urgency.value] += 1
        expected_pos = r.expected_urgency > UrgencyLevel.ROUTINE
        observed_pos = r.observed_urgency > UrgencyLevel.ROUTINE
        tp += expected_pos and observed_pos
        fn += expected_pos and not observed_pos
        fp += observed_pos and not expected_pos
        if r.expected_urgency is UrgencyLevel.EMERGENCY:
            emergencies += 1
            caught += r.observed_urgency is UrgencyLevel.EMERGENCY

    total = len(results)
    return Scores(
        scenarios=len(per_scenario),
        runs_per_scenario=runs_per,
        runs=total,
        success=sum(r.passed for r in results) / total if total else 0.0,
        pass_k={k: pass_hat_k(counts, k) for k in range(1, runs_per + 1)},
        urgency_recall=_ratio(tp, tp + fn),
        urgency_precision=_ratio(tp, tp + fp),
        emergency_recall=_ratio(caught, emergencies),
        urgency_confusion=confusion,
        automation=sum(not r.handed_off for r in results) / total if total else 0.0,
        wrongful_writes=sum(len(r.wrongful_writes) for r in results),
        errors=sum(r.error is not None for r in results),
        turns=distribution([float(r.patient_turns) for r in results]),
        engine_ms=distribution([ms for r in results for ms in r.engine_ms]),
        by_category=_breakdown(results, "category"),
        by_language=_breakdown(results, "language"),
        not_understood=not_understood(results),
    )


def below_thresholds(scores: Scores, thresholds: Thresholds) -> list[str]:
    """Human-readable reasons the scores miss ``thresholds`` (empty when all are met).

    A rate that could not be measured (no urgent case replayed) does not fail its threshold.
    """
    misses: list[str] = []
    k = scores.runs_per_scenario
    rates: list[tuple[str, float | None, float | None]] = [
        ("success", scores.success, thresholds.success),
        (f"pass^{k}", scores.pass_k.get(k), thresholds.pass_k),
        ("urgency recall", scores.urgency_recall, thresholds.urgency_recall),
        ("urgency precision", scores.urgency_precision, thresholds.urgency_precision),
        ("automation", scores.automation, thresholds.automation),
    ]
    for name, value, minimum in rates:
        if minimum is not None and value is not None and value < minimum:
            misses.append(f"{name} {value:.1%} is below {minimum:.1%}")
    limit = thresholds.max_wrongful_writes
    if limit is not None and scores.wrongful_writes > limit:
        misses.append(f"{scores.wrongful_writes} wrongful writes (at most {limit} allowed)")
    return misses
