"""The worker: claims due jobs from the embedded queue and runs them, a few at a time.

Several workers (threads of one server, or separate ``frontdesk jobs worker`` processes) may
share one queue file: each job is claimed by one of them only (see ``sqlite_queue``). A job
that raises is retried later; ``Defer`` puts it back for later without counting an attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Callable
from datetime import datetime

from agent.outreach.jobs import Defer, Job, JobHandler
from api.jobs.sqlite_queue import ClaimedJob, SqliteJobQueue

log = logging.getLogger(__name__)

Periodic = Callable[[datetime], list[Job]]


class Worker:
    """Runs jobs of ``queue`` with ``handler``.

    Args:
        queue: the embedded queue.
        handler: runs one job (``Outreach.handle``).
        concurrency: jobs run at the same time.
        poll_s: pause when nothing is due.
        periodic: jobs to queue as time passes (keys make them once per period).
        periodic_every_s: how often ``periodic`` is asked.
        name: this worker's id in leases (unique per process by default).
    """

    def __init__(
        self,
        queue: SqliteJobQueue,
        handler: JobHandler,
        *,
        concurrency: int = 8,
        poll_s: float = 0.2,
        periodic: Periodic | None = None,
        periodic_every_s: float = 60.0,
        name: str | None = None,
    ) -> None:
        self.queue = queue
        self.handler = handler
        self.concurrency = concurrency
        self.poll_s = poll_s
        self.periodic = periodic
        self.periodic_every_s = periodic_every_s
        self.name = name or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._last_periodic = float("-inf")
        self.processed = 0

    async def _run_one(self, claimed: ClaimedJob) -> int | None:
        """Run one job; its id when it succeeded (completed with its batch)."""
        try:
            await self.handler(claimed.job)
        except Defer as deferred:
            await self.queue.defer(self.name, claimed, deferred.until)
            return None
        except Exception as exc:  # retried later; the error text carries no patient data
            state = await self.queue.fail(self.name, claimed, f"{type(exc).__name__}: {exc}")
            log.warning("job %s failed (%s), now %s", claimed.job.kind, type(exc).__name__, state)
            return None
        return claimed.id

    async def _tick_periodic(self) -> None:
        if self.periodic is None:
            return
        now = self.queue.clock.now()
        if now.timestamp() - self._last_periodic >= self.periodic_every_s:
            self._last_periodic = now.timestamp()
            await self.queue.enqueue(self.periodic(now))

    async def run_once(self) -> int:
        """Claim and run one batch of due jobs; returns how many were claimed."""
        await self._tick_periodic()
        claimed = await self.queue.claim(self.name, self.concurrency)
        if claimed:
            done = await asyncio.gather(*(self._run_one(c) for c in claimed))
            # One commit for the batch: a crash before it reruns jobs that are idempotent.
            finished = [i for i in done if i is not None]
            await self.queue.complete(self.name, finished)
            self.processed += len(finished)
        return len(claimed)

    async def drain(self, max_rounds: int = 1000) -> int:
        """Run batches until nothing is due (tests, benchmarks); returns jobs claimed."""
        total = 0
        for _ in range(max_rounds):
            count = await self.run_once()
            if count == 0:
                break
            total += count
        return total

    async def run(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set."""
        while not stop.is_set():
            try:
                count = await self.run_once()
            except Exception as exc:  # the queue file was busy or gone: wait and retry
                log.warning("job worker round failed (%s)", type(exc).__name__)
                count = 0
            if count == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_s)
