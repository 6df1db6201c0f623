"""A chain of brains with failover that the caller never hears.

``FRONTDESK_BRAINS=openai,openai-secondary,rules``: each turn is read by the first healthy
brain that gives a usable reading within the turn's budget (voice calls get a short budget,
text a longer one). An error, a timeout, a refusal or an unusable tool call lets the next
brain read the same turn; the rule brain is always last and always answers, so an outage of
the model provider costs a call nothing but the time already spent. Every fallback is a
``brain_fallback`` event with its reason, and values dropped by grounding a ``brain_dropped``
event (field names only, never the values).

The opt-in hybrid mode lets the rule brain read the turns it reads with certainty (a yes or
a no after a read-back, an offered option picked by rank, day or time) and the LLM the rest.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from agent.brains.base import (
    HEALTH_FAILURES,
    Attempt,
    AttemptingBrain,
    BrainFailure,
    BrainReading,
    Usage,
)
from agent.brains.grounding import Evidence
from agent.brains.health import Health
from agent.understanding import Brain, BrainContext, Understanding

log = logging.getLogger(__name__)

RULES_RESERVE_S = 0.15
"""Budget kept for the rule brain at the end of the chain (it reads a turn in milliseconds)."""


class BrainChain:
    """Brains tried in order for each turn; the last one (the rule brain) always answers."""

    def __init__(
        self,
        brains: Sequence[Brain],
        *,
        turn_budget_text_s: float = 10.0,
        turn_budget_voice_s: float = 2.5,
        probe_interval_s: float = 30.0,
        hybrid: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Build the chain.

        Args:
            brains: in order of preference; the last must never fail (the rule brain).
            turn_budget_text_s: time for reading one turn of a text conversation.
            turn_budget_voice_s: the same for a voice call (a caller hears the silence).
            probe_interval_s: how long a failed brain is skipped before a probe.
            hybrid: let the last brain read the turns it reads with certainty.
            clock: monotonic seconds (injected in tests).
        """
        if not brains:
            raise ValueError("a brain chain needs at least one brain")
        self.brains = list(brains)
        # Named after the brain it stands for: "openai" (with the rule brain behind it).
        self.name = self.brains[0].name
        self.description = " > ".join(b.name for b in self.brains)
        self.hybrid = hybrid
        self._budgets = {"text": turn_budget_text_s, "voice": turn_budget_voice_s}
        self.health = {
            b.name: Health(b.name, probe_interval_s=probe_interval_s, clock=clock)
            for b in self.brains[:-1]
        }

    def budget_for(self, context: BrainContext) -> float:
        """The turn budget of this conversation's channel."""
        return self._budgets["voice" if context.channel == "voice" else "text"]

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        """The reading of the first brain that gives one (``Brain`` protocol)."""
        return (await self.read_turn(text, context)).understanding

    async def read_turn(self, text: str, context: BrainContext) -> BrainReading:
        """Read the turn with the first healthy brain that answers; never raises."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.budget_for(context)
        events: list[tuple[str, dict[str, Any]]] = []
        usage = Usage()
        last = self.brains[-1]
        if self.hybrid and len(self.brains) > 1 and _certain(text, context):
            return BrainReading(await last.understand(text, context), last.name, events, usage)
        for position, brain in enumerate(self.brains[:-1]):
            following = self.brains[position + 1].name
            health = self.health[brain.name]
            if not health.healthy:
                if isinstance(brain, AttemptingBrain):
                    health.maybe_probe(brain.probe)
                events.append(_fallback(brain.name, following, "skipped_unhealthy"))
                continue
            remaining = deadline - loop.time() - RULES_RESERVE_S
            if remaining <= 0:
                events.append(_fallback(brain.name, following, "timeout"))
                continue
            try:
                attempt = await self._attempt(brain, text, context, remaining)
            except BrainFailure as failure:
                usage.add(failure.usage)
                if failure.reason in HEALTH_FAILURES:
                    health.failed(failure.reason)
                log.info("brain %s fell back to %s (%s)", brain.name, following, failure.reason)
                events.append(_fallback(brain.name, following, failure.reason))
                continue
            health.succeeded()
            usage.add(attempt.usage)
            if attempt.dropped:
                events.append(("brain_dropped", {"brain": brain.name, "fields": attempt.dropped}))
            return BrainReading(attempt.understanding, brain.name, events, usage)
        return BrainReading(await last.understand(text, context), last.name, events, usage)

    @staticmethod
    async def _attempt(brain: Brain, text: str, context: BrainContext, budget_s: float) -> Attempt:
        if isinstance(brain, AttemptingBrain):
            return await brain.attempt(text, context, budget_s=budget_s)
        try:  # a plain Brain: its own failures become fallbacks too
            async with asyncio.timeout(budget_s):
                return Attempt(await brain.understand(text, context))
        except TimeoutError:
            raise BrainFailure("timeout") from None
        except Exception as exc:
            raise BrainFailure("server_error", type(exc).__name__) from None

    async def wait_for_probes(self) -> None:
        """Wait until background probes finish (tests, shutdown)."""
        for health in self.health.values():
            await health.wait_for_probes()


def _fallback(source: str, target: str, reason: str) -> tuple[str, dict[str, Any]]:
    return "brain_fallback", {"from": source, "to": target, "reason": reason}


def _certain(text: str, context: BrainContext) -> bool:
    """Turns the rule brain reads with certainty (hybrid mode)."""
    if not text.strip():
        return True
    evidence = Evidence(text, context)
    reading = evidence.reading
    if reading.injection_attempt or reading.urgency is not None:
        return False
    if context.phase == "confirm":
        # A plain yes or no to the read-back, nothing else asked for.
        return reading.affirmative is not None and not evidence.adds_change()
    if context.phase in ("slot_choice", "appointment_choice") and context.offered:
        # An offered option picked by rank, day or time: a closed list.
        return reading.choice is not None and reading.intent is None
    return False
