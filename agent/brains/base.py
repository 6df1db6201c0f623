"""What a brain in a chain reports besides its ``Understanding``: failures, usage, notes.

A brain that only implements ``agent.understanding.Brain`` still works everywhere. Brains
that may fail (the LLM brain) also implement :class:`AttemptingBrain`: ``attempt`` raises
:class:`BrainFailure` with a short reason instead of returning an empty reading, so the chain
can let the next brain read the same turn. A :class:`BrainReading` is what the chain hands
the graph: the understanding, which brain gave it, the events to record (fallbacks, values
dropped by grounding) and what the turn cost (LLM calls, tokens, time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from agent.understanding import BrainContext, Understanding

FailureReason = Literal[
    "unavailable",  # connection refused, DNS, reset: the server is not there
    "timeout",  # the request or the turn budget ran out
    "server_error",  # 5xx, 429 after retries
    "rejected",  # 4xx: the request shape or the key is wrong
    "refusal",  # the model refused to answer
    "length",  # the answer was cut off by the token limit
    "malformed",  # tool arguments that are not JSON
    "no_tool_call",  # plain text, an unknown tool, nothing usable
    "empty",  # a call that says nothing (beyond the language) about words that were said
    "skipped_unhealthy",  # marked unhealthy by an earlier failure, not asked this turn
]

#: Failures that say the server (not this one turn) is in trouble: mark the brain unhealthy.
HEALTH_FAILURES: frozenset[str] = frozenset({"unavailable", "timeout", "server_error", "rejected"})


class BrainFailure(Exception):
    """A brain could not read this turn; ``reason`` is one of :data:`FailureReason`."""

    def __init__(self, reason: FailureReason, detail: str = "", usage: Usage | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: FailureReason = reason
        self.detail = detail
        self.usage = usage or Usage()


@dataclass
class Usage:
    """What reading a turn cost: LLM requests, tokens (as the server reported) and time."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    llm_ms: float = 0.0

    def add(self, other: Usage) -> None:
        """Add ``other`` into this one."""
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cached_tokens += other.cached_tokens
        self.llm_ms += other.llm_ms

    def as_event(self) -> dict[str, Any]:
        """The figures as an event's data (rounded milliseconds)."""
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cached_tokens": self.cached_tokens,
            "llm_ms": round(self.llm_ms, 1),
        }


@dataclass
class Attempt:
    """One brain's successful reading of a turn."""

    understanding: Understanding
    usage: Usage = field(default_factory=Usage)
    dropped: list[str] = field(default_factory=list)
    """Fields the brain answered that grounding or validation dropped (names only)."""


@dataclass
class BrainReading:
    """The chain's answer for one turn."""

    understanding: Understanding
    brain: str
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


@runtime_checkable
class AttemptingBrain(Protocol):
    """A brain that says why it failed instead of answering with an empty reading."""

    name: str

    async def attempt(self, text: str, context: BrainContext, *, budget_s: float) -> Attempt:
        """Read the turn within ``budget_s`` seconds.

        Raises:
            BrainFailure: the brain could not give a usable reading.
        """
        ...

    async def probe(self) -> bool:
        """A cheap check that the brain's server answers again (for restoring its health)."""
        ...
