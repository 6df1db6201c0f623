"""Scoring math on constructed results: success, pass^k, urgency recall/precision, writes."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from evals.results import RunResult
from evals.scenario import Thresholds
from evals.scoring import below_thresholds, pass_hat_k, percentile, score

R, U, E = UrgencyLevel.ROUTINE, UrgencyLevel.URGENT, UrgencyLevel.EMERGENCY


def run(
    sid: str,
    passed: bool,
    *,
    run: int = 0,
    expected: UrgencyLevel = R,
    observed: UrgencyLevel = R,
    wrongful: int = 0,
    handed_off: bool = False,
    category: str = "booking",
    language: str = "en",
) -> RunResult:
    return RunResult(
        scenario_id=sid,
        category=category,
        language=language,
        run=run,
        passed=passed,
        expected_urgency=expected,
        observed_urgency=observed,
        wrongful_writes=[f"booked x{i}" for i in range(wrongful)],
        handed_off=handed_off,
        patient_turns=3,
        engine_ms=[1.0, 3.0],
    )


def test_pass_hat_k_is_the_chance_that_k_runs_all_succeed() -> None:
    # 4 runs with 2 successes: pass^1 = 2/4, pass^2 = C(2,2)/C(4,2) = 1/6, pass^3 = 0.
    assert pass_hat_k([(2, 4)], 1) == pytest.approx(0.5)
    assert pass_hat_k([(2, 4)], 2) == pytest.approx(1 / 6)
    assert pass_hat_k([(2, 4)], 3) == 0.0
    assert pass_hat_k([(3, 3), (0, 3)], 3) == pytest.approx(0.5)


def test_pass_k_falls_below_pass_1_when_a_scenario_is_flaky() -> None:
    results = [run("a", True, run=i) for i in range(3)]
    results += [run("b", i != 1, run=i) for i in range(3)]
    scores = score(results)
    assert scores.runs_per_scenario == 3
    assert scores.pass_k[1] == pytest.approx(5 / 6)
    assert scores.pass_k[3] == pytest.approx(0.5)


def test_urgency_recall_and_precision_treat_urgent_and_emergency_as_positive() -> None:
    results = [
        run("e1", True, expected=E, observed=E),
        run("e2", True, expected=E, observed=U),  # caught as urgent: still a positive
        run("u1", False, expected=U, observed=R),  # missed
        run("r1", False, expected=R, observed=U),  # false alarm
        run("r2", True),
    ]
    scores = score(results)
    assert scores.urgency_recall == pytest.approx(2 / 3)
    assert scores.urgency_precision == pytest.approx(2 / 3)
    assert scores.emergency_recall == pytest.approx(1 / 2)
    assert scores.urgency_confusion["emergency"]["urgent"] == 1
    assert scores.urgency_confusion["routine"]["urgent"] == 1


def test_rates_without_any_case_are_none_not_zero() -> None:
    scores = score([run("a", True)])
    assert scores.urgency_recall is None and scores.urgency_precision is None


def test_wrongful_writes_automation_and_breakdowns() -> None:
    results = [
        run("a", False, wrongful=2, category="booking", language="fr"),
        run("b", True, handed_off=True, category="clinical_triage", language="en"),
        run("c", True, category="booking", language="en"),
    ]
    scores = score(results)
    assert scores.wrongful_writes == 2
    assert scores.automation == pytest.approx(2 / 3)
    assert scores.by_category["booking"].success == pytest.approx(0.5)
    assert scores.by_language["en"].passed == 2
    assert scores.engine_ms.count == 6


def test_thresholds_report_each_miss() -> None:
    scores = score([run("a", False, wrongful=1), run("b", True)])
    misses = below_thresholds(scores, Thresholds(success=0.9, max_wrongful_writes=0))
    assert misses == ["success 50.0% is below 90.0%", "1 wrongful writes (at most 0 allowed)"]
    assert below_thresholds(scores, Thresholds(success=0.5)) == []


def test_percentile_interpolates() -> None:
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert percentile([], 95) == 0.0
