"""Table-driven checks of the urgency guardrail on the eval table in ``cases.py``."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import assess
from tests.agent.urgency.cases import ALL_CASES, EMERGENCIES, Case


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.text[:60])
def test_level_flag_and_person(case: Case) -> None:
    result = assess(case.text)
    assert result.level is UrgencyLevel(case.level), (result.level, result.codes)
    if case.code is not None:
        assert case.code in result.codes, result.codes
        flag = next(f for f in result.flags if f.code == case.code)
        assert flag.evidence
        if case.third is not None:
            assert flag.third_party is case.third, result.summary()
    if case.level == "routine":
        assert result.flags == []
    if case.level != "emergency":
        assert all(f.level is not UrgencyLevel.EMERGENCY for f in result.flags)


def test_a_stroke_is_not_read_as_a_miscarriage() -> None:
    assert assess("I think I'm having a stroke, my face is drooping").codes == ["stroke_signs"]


def test_emergency_recall_is_total() -> None:
    missed = [c.text for c in EMERGENCIES if assess(c.text).level is not UrgencyLevel.EMERGENCY]
    assert missed == []


def test_precision_on_routine_turns_is_at_least_90_percent() -> None:
    positives = [c for c in ALL_CASES if assess(c.text).level is not UrgencyLevel.ROUTINE]
    true_positives = [c for c in positives if c.level != "routine"]
    assert len(true_positives) / len(positives) >= 0.9
