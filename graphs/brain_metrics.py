"""Counters of the brains' work, fed by the engine's turn listeners (for metrics and staff).

``engine.listeners.append(BrainCounters())`` counts, over every turn the engine answers:
turns by the brain that read them, ``brain_fallback`` events by reason, values dropped by
grounding, LLM calls and prompt/completion/cached tokens, and LLM time. ``snapshot()`` gives
plain numbers a metrics exporter or an analytics page can publish.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphs.events import TurnResult


class BrainCounters:
    """A turn listener that adds up what the brains did."""

    def __init__(self) -> None:
        self.turns_by_brain: Counter[str] = Counter()
        self.fallbacks: Counter[str] = Counter()
        self.dropped_fields: Counter[str] = Counter()
        self.llm: Counter[str] = Counter()

    async def __call__(self, result: TurnResult) -> None:
        """Count one turn's result (an ``Engine`` turn listener)."""
        for event in result.events:
            if event.kind == "brain_fallback":
                self.fallbacks[str(event.data.get("reason"))] += 1
            elif event.kind == "brain_dropped":
                self.dropped_fields.update(str(f) for f in event.data.get("fields") or [])
        turn = result.brain
        if turn is None:
            return
        self.turns_by_brain[turn.brain] += 1
        self.llm.update(
            {
                "calls": turn.llm_calls,
                "prompt_tokens": turn.prompt_tokens,
                "completion_tokens": turn.completion_tokens,
                "cached_tokens": turn.cached_tokens,
                "ms": round(turn.llm_ms),
            }
        )

    def snapshot(self) -> dict[str, Any]:
        """The counters as plain numbers."""
        return {
            "turns_by_brain": dict(self.turns_by_brain),
            "fallbacks": dict(self.fallbacks),
            "dropped_fields": dict(self.dropped_fields),
            "llm": {k: self.llm.get(k, 0) for k in ("calls", "prompt_tokens",
                                                      "completion_tokens", "cached_tokens", "ms")},
        }  # fmt: skip
