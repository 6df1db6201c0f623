"""The eval's LLM figures and per-turn limit."""

from __future__ import annotations

from agent.settings import Settings
from evals.llm_report import llm_rows, llm_scores
from evals.results import LLMRun, RunResult
from evals.runner import turn_limit


def run(scenario: str, llm: LLMRun, patient: str = "RuleBasedPatient") -> RunResult:
    return RunResult(
        scenario_id=scenario, category="booking", language="en", passed=True, llm=llm,
        patient=patient,
    )  # fmt: skip


def test_llm_figures_add_up_per_conversation() -> None:
    results = [
        run("a", LLMRun(calls=4, prompt_tokens=8000, completion_tokens=200, cached_tokens=6000,
                        llm_ms=[300, 500], fallbacks={"timeout": 1},
                        turns_by_brain={"openai": 4, "rules": 1}, dropped_fields=2)),
        run("b", LLMRun(calls=2, prompt_tokens=4000, completion_tokens=100,
                        fallbacks={"timeout": 1, "refusal": 1}, turns_by_brain={"openai": 2}),
            patient="llm, then rule-based (model failed: ConnectError)"),
    ]  # fmt: skip

    scores = llm_scores(results)

    assert (scores.calls, scores.calls_per_conversation) == (6, 3.0)
    assert scores.prompt_tokens_per_conversation == 6000
    assert scores.fallbacks == {"refusal": 1, "timeout": 2}
    assert scores.turns_by_brain == {"openai": 6, "rules": 1}
    assert scores.dropped_fields == 2 and scores.cached_tokens == 6000
    assert scores.llm_ms_per_turn.count == 2
    assert len(scores.patients) == 2
    assert ("brain fallbacks", "refusal 1, timeout 2") in llm_rows(scores)
    assert llm_rows(llm_scores([run("c", LLMRun())])) == []


def test_the_turn_limit_follows_the_settings() -> None:
    assert turn_limit(Settings(brain="rules")) == 30
    assert turn_limit(Settings(brain="openai", llm_turn_budget_text_s=60)) == 180
    assert turn_limit(Settings(eval_turn_timeout_s=300)) == 300
