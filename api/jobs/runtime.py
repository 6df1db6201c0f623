"""Wiring the outbound side for a process: queue, providers, sender, outreach, worker.

``serve`` runs it inside the web server (the embedded default: one process does everything);
``frontdesk jobs worker`` runs workers on their own against the same queue and store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from agent.outreach.jobs import JobQueue
from agent.outreach.providers import Provider, build_providers
from agent.outreach.sender import Sender
from agent.outreach.service import Outreach
from agent.settings import Settings
from graphs.bus import ConversationUpdate
from graphs.engine import Engine

log = logging.getLogger(__name__)


@dataclass
class OutboundRuntime:
    """The outbound pieces of one process."""

    outreach: Outreach
    queue: JobQueue
    settings: Settings
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start_worker(self) -> None:
        """Run a worker in this process until ``stop``."""
        if self.settings.jobs_url:
            from api.jobs.postgres import run_postgres_worker

            coro = run_postgres_worker(self.settings, self.outreach, self._stop)
        else:
            from api.jobs.sqlite_queue import SqliteJobQueue
            from api.jobs.worker import Worker

            assert isinstance(self.queue, SqliteJobQueue)
            worker = Worker(
                self.queue,
                self.outreach.handle,
                concurrency=self.settings.jobs_concurrency,
                periodic=lambda now: self.outreach.periodic_jobs(
                    now, self.settings.jobs_sync_interval_s
                ),
            )
            coro = worker.run(self._stop)
        self._tasks.append(asyncio.create_task(coro, name="frontdesk-jobs"))

    async def stop(self) -> None:
        """Stop workers and wait for them."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=10)
        close = getattr(self.queue, "close", None)
        if close is not None:
            result = close()
            if asyncio.iscoroutine(result):
                await result


def build_queue(settings: Settings, engine: Engine) -> JobQueue:
    """The Postgres queue when ``jobs_url`` is set, else the embedded SQLite one."""
    if settings.jobs_url:
        from api.jobs.postgres import PostgresJobQueue

        return PostgresJobQueue(settings.jobs_url)
    from api.jobs.sqlite_queue import SqliteJobQueue

    return SqliteJobQueue(
        settings.jobs_path,
        clock=engine.clock,
        lease_s=settings.jobs_lease_s,
        max_attempts=settings.jobs_max_attempts,
    )


OUTREACH_CHANNEL = "outreach"
"""The bus's pseudo-conversation on which outreach changes are announced to the console."""


def outreach_publisher(engine: Engine) -> Callable[[str], Awaitable[None]]:
    """A watcher announcing outreach changes on the engine's bus (the console's live page)."""

    async def publish(what: str) -> None:
        payload = {"kind": "outreach", "data": {"what": what}}
        update = ConversationUpdate(conversation_id=OUTREACH_CHANNEL, kind="event", payload=payload)
        await engine.live.bus.publish(update)

    return publish


def build_outbound(
    settings: Settings, engine: Engine, *, provider: Provider | None = None
) -> OutboundRuntime:
    """Outreach on ``engine``'s backend and clinic, told of every turn of ``engine``."""
    queue = build_queue(settings, engine)
    sender = Sender(
        engine.backend,
        provider or build_providers(settings),
        engine.clock,
        attempts=settings.outbound_send_attempts,
    )
    outreach = Outreach(
        backend=engine.backend, clinic=engine.clinic, clock=engine.clock, sender=sender, queue=queue
    )
    engine.listeners.append(outreach.on_turn)
    outreach.watchers.append(outreach_publisher(engine))
    return OutboundRuntime(outreach=outreach, queue=queue, settings=settings)


@contextlib.asynccontextmanager
async def outbound_lifespan(
    settings: Settings, engine: Engine, *, run_worker: bool
) -> AsyncIterator[OutboundRuntime | None]:
    """Outbound for a server process (None when disabled); a worker too when asked."""
    if not settings.outbound_enabled:
        yield None
        return
    runtime = build_outbound(settings, engine)
    if run_worker:
        await runtime.start_worker()
    try:
        yield runtime
    finally:
        await runtime.stop()
