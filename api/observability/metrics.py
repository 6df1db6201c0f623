"""Prometheus metrics of one server process, served at ``/metrics``.

Turns and their latency, handoffs and emergencies by reason, every engine event by kind,
the brains' work (turns by the brain that read them, fallbacks by reason, LLM calls, tokens
and time), EHR calls (latency and errors per operation) and HTTP requests per route. Each
app has its own registry, so tests can build several apps in one process.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from fhir_adapters.backend import SchedulingBackend
from graphs.events import TurnResult

_TURN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """The process's metrics and the hooks that feed them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.turns = Counter(
            "frontdesk_turns", "Conversation turns answered", ["channel"], registry=r
        )
        self.turn_seconds = Histogram(
            "frontdesk_turn_seconds", "Engine time per turn", buckets=_TURN_BUCKETS, registry=r
        )
        self.events = Counter("frontdesk_events", "Engine events by kind", ["kind"], registry=r)
        self.handoffs = Counter(
            "frontdesk_handoffs", "Handoffs to staff", ["reason", "urgency"], registry=r
        )
        self.emergencies = Counter(
            "frontdesk_emergencies", "Emergency handoffs and escalations", registry=r
        )
        self.brain_turns = Counter(
            "frontdesk_brain_turns",
            "Patient turns by the brain that read them",
            ["brain"],
            registry=r,
        )
        self.brain_fallbacks = Counter(
            "frontdesk_brain_fallbacks",
            "Turns a brain passed to the next one, by reason",
            ["source", "target", "reason"],
            registry=r,
        )
        self.llm_calls = Counter("frontdesk_llm_calls", "Requests to an LLM", registry=r)
        self.llm_tokens = Counter(
            "frontdesk_llm_tokens", "LLM tokens (prompt, completion, cached)", ["kind"], registry=r
        )
        self.llm_seconds = Histogram(
            "frontdesk_llm_seconds",
            "LLM time per turn that asked one",
            buckets=_TURN_BUCKETS,
            registry=r,
        )
        self.ehr_seconds = Histogram(
            "frontdesk_ehr_call_seconds",
            "EHR (backend) call latency",
            ["operation"],
            buckets=_TURN_BUCKETS,
            registry=r,
        )
        self.ehr_errors = Counter(
            "frontdesk_ehr_call_errors", "EHR calls that raised", ["operation", "error"], registry=r
        )
        self.voice_fallbacks = Counter(
            "frontdesk_voice_fallbacks",
            "Cloud speech services that failed mid-call and fell over to the offline one",
            ["role", "reason"],
            registry=r,
        )
        self.outbox_waiting = Gauge(
            "frontdesk_outbox_waiting", "Staff records waiting for the EHR", registry=r
        )
        self.http_seconds = Histogram(
            "frontdesk_http_request_seconds",
            "HTTP request latency",
            ["route", "method", "status"],
            buckets=_TURN_BUCKETS,
            registry=r,
        )

    async def on_turn(self, result: TurnResult) -> None:
        """Engine listener: count the turn and what happened in it."""
        self.turns.labels(channel=result.channel or "unknown").inc()
        if result.elapsed_ms is not None:
            self.turn_seconds.observe(result.elapsed_ms / 1000)
        for event in result.events:
            self.events.labels(kind=event.kind).inc()
            if event.kind == "handoff":
                urgency = str(event.data.get("urgency") or "routine")
                reason = str(event.data.get("reason") or "unknown").split(":", 1)[0]
                self.handoffs.labels(reason=reason[:40], urgency=urgency).inc()
                if urgency == "emergency":
                    self.emergencies.inc()
            elif event.kind == "escalated" and event.data.get("urgency") == "emergency":
                self.emergencies.inc()  # an emergency found while the caller waited for staff
            elif event.kind == "brain_fallback":
                data = event.data
                self.brain_fallbacks.labels(
                    source=str(data.get("from")),
                    target=str(data.get("to")),
                    reason=str(data.get("reason")),
                ).inc()
        self._count_brain(result)

    def _count_brain(self, result: TurnResult) -> None:
        turn = result.brain
        if turn is None:
            return
        self.brain_turns.labels(brain=turn.brain).inc()
        if not turn.llm_calls:
            return
        self.llm_calls.inc(turn.llm_calls)
        for kind, tokens in (
            ("prompt", turn.prompt_tokens),
            ("completion", turn.completion_tokens),
            ("cached", turn.cached_tokens),
        ):
            self.llm_tokens.labels(kind=kind).inc(tokens)
        self.llm_seconds.observe(turn.llm_ms / 1000)

    def on_voice_fallback(self, role: str, reason: str) -> None:
        """A call's cloud STT or TTS failed and the offline one took over."""
        self.voice_fallbacks.labels(role=role, reason=reason[:40]).inc()

    def instrument_backend(self, backend: SchedulingBackend) -> SchedulingBackend:
        """``backend`` with every coroutine method timed and its errors counted."""
        return cast(SchedulingBackend, _TimedBackend(backend, self))


class _TimedBackend:
    """Delegates to a backend, timing coroutine methods (any the protocol grows)."""

    def __init__(self, inner: SchedulingBackend, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name.startswith("_") or not inspect.iscoroutinefunction(attribute):
            return attribute
        return self._timed(name, attribute)

    def _timed(self, name: str, call: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        metrics = self._metrics

        @functools.wraps(call)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await call(*args, **kwargs)
            except Exception as exc:
                metrics.ehr_errors.labels(operation=name, error=type(exc).__name__).inc()
                raise
            finally:
                metrics.ehr_seconds.labels(operation=name).observe(time.perf_counter() - started)

        return timed
