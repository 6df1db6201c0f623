"""The job queue on Postgres, with procrastinate: for practices running several processes.

Every outreach job is one procrastinate task (``frontdesk.job``) carrying our ``Job``:

* **Exactly one claim.** procrastinate hands each job to one worker (``SELECT ... FOR
  UPDATE SKIP LOCKED`` inside its fetch function), whatever the number of processes.
* **One job per key while it waits.** Our job key is the task's ``queueing_lock``: a second
  enqueue of a waiting job raises ``AlreadyEnqueued`` and is ignored. Once a job ran, running
  it again is harmless: every handler is idempotent and messages are keyed.
* **A killed worker's job runs again.** Workers send heartbeats; a reaper in every worker
  process retries the jobs of workers silent for longer than the lease
  (``JobManager.get_stalled_jobs`` + ``retry_job``).
* **Retries, dead letters.** ``RetryStrategy`` with exponential backoff; a job out of
  attempts stays ``failed`` in ``procrastinate_jobs`` (the dead letters).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from agent.outreach.jobs import Defer, Job, JobHandler

if TYPE_CHECKING:
    from agent.outreach.service import Outreach
    from agent.settings import Settings

log = logging.getLogger(__name__)
TASK_NAME = "frontdesk.job"


class PostgresJobQueue:
    """Jobs in Postgres through a procrastinate App (opened lazily on first use)."""

    def __init__(self, url: str, *, max_attempts: int = 5) -> None:
        import procrastinate

        self.app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
        self.handler: JobHandler | None = None
        self._opened = False
        self._open_lock = asyncio.Lock()

        @self.app.task(
            name=TASK_NAME,
            retry=procrastinate.RetryStrategy(max_attempts=max_attempts, exponential_wait=2),
        )
        async def run_job(kind: str, key: str, run_at: str, payload: dict[str, Any]) -> None:
            job = Job(kind=kind, key=key, run_at=datetime.fromisoformat(run_at), payload=payload)  # type: ignore[arg-type]
            if self.handler is None:
                raise RuntimeError("no handler: this process only enqueues")
            try:
                await self.handler(job)
            except Defer as deferred:
                await self._defer(job, deferred.until, lock=False)

        self.task = run_job

    async def open(self) -> None:
        """Connect, and create procrastinate's tables when the database has none."""
        async with self._open_lock:
            if self._opened:
                return
            await self.app.open_async()
            exists = await self.app.connector.execute_query_one_async(
                "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
            )
            if not exists["present"]:
                await self.app.schema_manager.apply_schema_async()
            self._opened = True

    async def _defer(self, job: Job, at: datetime, *, lock: bool) -> bool:
        import procrastinate.exceptions

        configured = self.task.configure(queueing_lock=job.key if lock else None, schedule_at=at)
        try:
            await configured.defer_async(
                kind=job.kind, key=job.key, run_at=job.run_at.isoformat(), payload=job.payload
            )
        except procrastinate.exceptions.AlreadyEnqueued:
            return False
        return True

    async def enqueue(self, jobs: Sequence[Job]) -> int:
        """Queue ``jobs``; a key already waiting is ignored. Returns how many are new."""
        await self.open()
        added = 0
        for job in jobs:
            added += await self._defer(job, job.run_at, lock=True)
        return added

    async def retry_stalled(self, silent_for_s: float) -> int:
        """Put back the jobs of workers that stopped sending heartbeats; returns how many."""
        await self.open()
        stalled = await self.app.job_manager.get_stalled_jobs(seconds_since_heartbeat=silent_for_s)
        count = 0
        for job in stalled:
            await self.app.job_manager.retry_job(job)
            count += 1
        return count

    async def close(self) -> None:
        """Disconnect."""
        if self._opened:
            await self.app.close_async()
            self._opened = False


async def run_postgres_worker(settings: Settings, outreach: Outreach, stop: asyncio.Event) -> None:
    """A procrastinate worker for ``outreach`` plus the stalled-job reaper and periodic jobs."""
    queue = outreach.queue
    assert isinstance(queue, PostgresJobQueue)
    queue.handler = outreach.handle
    await queue.open()
    heartbeat = max(1.0, settings.jobs_lease_s / 6)
    worker = asyncio.create_task(
        queue.app.run_worker_async(
            concurrency=settings.jobs_concurrency,
            install_signal_handlers=False,
            wait=True,
            update_heartbeat_interval=heartbeat,
            stalled_worker_timeout=settings.jobs_lease_s,
        )
    )
    try:
        while not stop.is_set():
            with contextlib.suppress(Exception):  # a reaper round may meet a busy database
                await queue.retry_stalled(settings.jobs_lease_s)
                now = outreach.clock.now()
                await queue.enqueue(outreach.periodic_jobs(now, settings.jobs_sync_interval_s))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=min(30.0, settings.jobs_lease_s))
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await worker
