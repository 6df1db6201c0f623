"""The brains' work on ``/metrics``: turns by brain, fallbacks by reason, LLM calls and tokens."""

from __future__ import annotations

from prometheus_client import generate_latest

from api.observability.metrics import Metrics
from graphs.events import BrainTurn, TurnEvent, TurnResult


def _turn(brain: BrainTurn, *events: TurnEvent) -> TurnResult:
    return TurnResult(
        conversation_id="c1", reply="ok", events=list(events), brain=brain, channel="voice"
    )


async def test_fallbacks_turns_by_brain_and_llm_cost_are_exported() -> None:
    metrics = Metrics()
    fallback = TurnEvent(
        kind="brain_fallback", data={"from": "openai", "to": "rules", "reason": "timeout"}
    )
    await metrics.on_turn(_turn(BrainTurn(brain="rules", llm_calls=2, llm_ms=2400.0), fallback))
    await metrics.on_turn(
        _turn(
            BrainTurn(
                brain="openai",
                llm_calls=1,
                prompt_tokens=2034,
                completion_tokens=41,
                cached_tokens=1869,
                llm_ms=800.0,
            )
        )
    )
    await metrics.on_turn(_turn(BrainTurn(brain="rules")))  # hybrid: no LLM asked

    text = generate_latest(metrics.registry).decode()

    assert (
        'frontdesk_brain_fallbacks_total{reason="timeout",source="openai",target="rules"} 1.0'
        in text
    )
    assert 'frontdesk_brain_turns_total{brain="rules"} 2.0' in text
    assert 'frontdesk_brain_turns_total{brain="openai"} 1.0' in text
    assert "frontdesk_llm_calls_total 3.0" in text
    assert 'frontdesk_llm_tokens_total{kind="prompt"} 2034.0' in text
    assert 'frontdesk_llm_tokens_total{kind="cached"} 1869.0' in text
    assert "frontdesk_llm_seconds_count 2.0" in text  # the turns that asked an LLM
