"""``frontdesk bench turns --brain openai``: the LLM figures come from the stand-in's usage."""

from __future__ import annotations

import pytest

from agent.brains.rules import RulesBrain
from api.bench.turns import run_turns_bench
from tests.fakes.openai_endpoint import FakeOpenAI


def test_the_llm_bench_reports_calls_tokens_and_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAI(brain=RulesBrain()) as fake:
        monkeypatch.setenv("FRONTDESK_OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("FRONTDESK_OPENAI_MODEL", "fake-model")
        monkeypatch.delenv("FRONTDESK_OPENAI_API_KEY", raising=False)
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        report = run_turns_bench(conversations=2, checkpointer="memory", brain="openai")

    llm = report["llm"]
    assert report["brain"] == "openai" and report["outcomes"]["booked"] >= 1
    assert llm["calls_per_conversation"] >= 5
    assert llm["prompt_tokens_per_turn"] > 1000 and llm["completion_tokens_per_turn"] > 0
    # The static head of the prompt is byte-identical across turns: the server caches it.
    assert llm["cached_tokens_per_turn"] > 1000
    assert llm["fallbacks"] == {}
