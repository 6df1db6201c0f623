"""What the LLM brain did over a set of replays: calls, tokens, time, fallbacks, grounding.

Figures per conversation (``RunResult.llm``) are added up here for the reports: LLM calls
and prompt/completion tokens per conversation, cached prompt tokens where the server reports
them, LLM time per turn it read, ``brain_fallback`` events by reason, values dropped by
grounding, turns read by each brain, and who played the caller (an LLM patient whose model
failed is replaced by the rule-based caller, and said so here).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from evals.results import RunResult
from evals.scoring import Distribution, distribution


class LLMScores(BaseModel):
    """LLM figures of a set of replays."""

    conversations: int
    calls: int
    calls_per_conversation: float
    prompt_tokens_per_conversation: float
    completion_tokens_per_conversation: float
    cached_tokens: int = Field(description="prompt tokens served from the server's cache")
    llm_ms_per_turn: Distribution
    fallbacks: dict[str, int] = Field(description="brain_fallback events by reason")
    dropped_fields: int = Field(description="values grounding dropped")
    turns_by_brain: dict[str, int]
    patients: dict[str, int] = Field(description="who played the caller -> conversations")


def llm_scores(results: Sequence[RunResult]) -> LLMScores:
    """Add up the LLM figures of ``results``."""
    count = len(results) or 1
    fallbacks: Counter[str] = Counter()
    brains: Counter[str] = Counter()
    for r in results:
        fallbacks.update(r.llm.fallbacks)
        brains.update(r.llm.turns_by_brain)
    calls = sum(r.llm.calls for r in results)
    return LLMScores(
        conversations=len(results),
        calls=calls,
        calls_per_conversation=calls / count,
        prompt_tokens_per_conversation=sum(r.llm.prompt_tokens for r in results) / count,
        completion_tokens_per_conversation=sum(r.llm.completion_tokens for r in results) / count,
        cached_tokens=sum(r.llm.cached_tokens for r in results),
        llm_ms_per_turn=distribution([ms for r in results for ms in r.llm.llm_ms]),
        fallbacks=dict(sorted(fallbacks.items())),
        dropped_fields=sum(r.llm.dropped_fields for r in results),
        turns_by_brain=dict(sorted(brains.items())),
        patients=dict(sorted(Counter(r.patient for r in results).items())),
    )


def llm_rows(scores: LLMScores) -> list[tuple[str, str]]:
    """Summary-table rows (none when no LLM was involved)."""
    if not scores.calls and not scores.fallbacks:
        return []
    fallbacks = ", ".join(f"{k} {v}" for k, v in scores.fallbacks.items()) or "none"
    brains = ", ".join(f"{k} {v}" for k, v in scores.turns_by_brain.items())
    return [
        ("LLM calls per call (mean)", f"{scores.calls_per_conversation:.1f}"),
        (
            "prompt / completion tokens per call",
            f"{scores.prompt_tokens_per_conversation:.0f} / "
            f"{scores.completion_tokens_per_conversation:.0f}",
        ),
        ("cached prompt tokens", str(scores.cached_tokens)),
        (
            "LLM ms per turn p50 / p95",
            f"{scores.llm_ms_per_turn.p50:.0f} / {scores.llm_ms_per_turn.p95:.0f}",
        ),
        ("brain fallbacks", fallbacks),
        ("values dropped by grounding", str(scores.dropped_fields)),
        ("turns read by", brains),
    ]
