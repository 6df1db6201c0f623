"""Per-brain health: a failed brain is skipped, probed in the background and restored.

Like LiveKit Agents' fallback adapters: a brain whose server failed (connection refused,
timeout, 5xx, a rejected request) is marked unhealthy and the chain skips it, so callers do
not wait for a dead server on every turn. Once ``probe_interval_s`` has passed, the next turn
starts a background probe (the brain's cheap ``probe()``) without waiting for it; the brain
is restored when the probe succeeds. Probes ride on traffic rather than on a timer task, so
nothing outlives the event loop that started it (evals run one loop per scenario).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Health:
    """The health of one brain in a chain."""

    name: str
    probe_interval_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    healthy: bool = True
    failures: int = 0
    """Consecutive failures (reset by a success or a restoring probe)."""
    last_reason: str | None = None
    _next_probe: float = 0.0
    _probing: bool = False
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def succeeded(self) -> None:
        """The brain read a turn."""
        self.failures = 0
        if not self.healthy:
            log.info("brain %s: healthy again", self.name)
        self.healthy = True

    def failed(self, reason: str) -> None:
        """The brain's server failed: skip it until a probe says it answers again."""
        self.failures += 1
        self.last_reason = reason
        if self.healthy:
            log.warning("brain %s: marked unhealthy (%s)", self.name, reason)
        self.healthy = False
        self._next_probe = self.clock() + self.probe_interval_s

    def maybe_probe(self, probe: Callable[[], Awaitable[bool]]) -> bool:
        """Start a background probe when one is due; True when one was started."""
        if self.healthy or self._probing or self.clock() < self._next_probe:
            return False
        self._probing = True
        task = asyncio.get_running_loop().create_task(self._run_probe(probe))
        self._tasks.add(task)  # keep a reference: the loop holds tasks only weakly
        task.add_done_callback(self._tasks.discard)
        return True

    async def _run_probe(self, probe: Callable[[], Awaitable[bool]]) -> None:
        try:
            answered = await probe()
        except Exception as exc:  # a probe is best effort
            log.info("brain %s: probe failed (%s)", self.name, type(exc).__name__)
            answered = False
        finally:
            self._probing = False
        if answered:
            self.succeeded()
        else:
            self._next_probe = self.clock() + self.probe_interval_s

    async def wait_for_probes(self) -> None:
        """Wait for running probes (tests, shutdown)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
