"""A durable local outbox for staff-facing records, so nothing promised is lost while the EHR
is down.

A handoff or request Task is written to the EHR at once when it answers; when it does not
(``BackendUnavailableError``), the Task goes into a local SQLite outbox in the same step as
the promise to the patient, and a drainer retries it until it lands. It lands exactly once:
each record carries a key (identifier ``RECORD_KEY_SYSTEM``) and the backends create a Task
with a key they already hold as a no-op (REST: ``If-None-Exist``). Meanwhile the staff see it:
``list_tasks`` adds the waiting records to what the EHR returns.

``fhir_adapters`` imports no other project package, so sealing the stored records (they hold
transcripts) is injected as two functions by whoever builds the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fhir.resources.R4B.task import Task

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.errors import BackendUnavailableError, SchedulingError
from fhir_adapters.queries import Actor
from fhir_adapters.record_keys import with_record_key

log = logging.getLogger(__name__)

LOCAL_ID_PREFIX = "outbox-"
"""Ids of records still waiting in the outbox start with this."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered_id TEXT,
    rejected TEXT
);
"""


class Outbox:
    """The SQLite file of records waiting for the EHR (WAL; safe across processes).

    Args:
        path: the outbox file (``":memory:"`` in tests).
        seal: turns a stored record's JSON into what is written (encryption); identity if None.
        unseal: the inverse of ``seal``.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        seal: Callable[[str], str] | None = None,
        unseal: Callable[[str], str] | None = None,
    ) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # a promise to a patient rides on it
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._conn.executescript(_SCHEMA)
        self._seal = seal or (lambda text: text)
        self._unseal = unseal or (lambda text: text)
        self._lock = asyncio.Lock()

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    async def put(self, key: str, task: Task, actor: Actor, created_at: str) -> None:
        """Keep ``task`` until it is delivered (a second put of one key is a no-op)."""
        async with self._lock:
            await asyncio.to_thread(
                self._run,
                "INSERT OR IGNORE INTO outbox (key, kind, payload, actor, created_at) "
                "VALUES (?, 'Task', ?, ?, ?)",
                (key, self._seal(task.model_dump_json()), actor.model_dump_json(), created_at),
            )

    async def waiting(self, *, include_rejected: bool = False) -> list[tuple[str, Task, Actor]]:
        """Records not delivered yet, oldest first (those the EHR refused only on request)."""
        async with self._lock:
            rows = await asyncio.to_thread(
                self._run,
                "SELECT key, payload, actor FROM outbox WHERE delivered_id IS NULL "
                + ("" if include_rejected else "AND rejected IS NULL ")
                + "ORDER BY created_at",
            )
        return [
            (key, Task.model_validate_json(self._unseal(payload)), Actor.model_validate_json(a))
            for key, payload, a in rows
        ]

    async def delivered(self, key: str, remote_id: str | None) -> None:
        """Mark a record as in the EHR (kept as a receipt; its content is dropped)."""
        async with self._lock:
            await asyncio.to_thread(
                self._run,
                "UPDATE outbox SET delivered_id = ?, payload = '' WHERE key = ?",
                (remote_id or "", key),
            )

    async def rejected(self, key: str, reason: str) -> None:
        """The EHR refused the record: it stays (staff still see it) but is not retried."""
        async with self._lock:
            await asyncio.to_thread(
                self._run, "UPDATE outbox SET rejected = ? WHERE key = ?", (reason, key)
            )

    async def failed_attempt(self, key: str) -> None:
        """Count a delivery attempt that did not land."""
        async with self._lock:
            await asyncio.to_thread(
                self._run, "UPDATE outbox SET attempts = attempts + 1 WHERE key = ?", (key,)
            )

    async def depth(self) -> int:
        """How many records wait for the EHR."""
        async with self._lock:
            rows = await asyncio.to_thread(
                self._run, "SELECT COUNT(*) FROM outbox WHERE delivered_id IS NULL"
            )
        return int(rows[0][0])

    def close(self) -> None:
        """Close the file."""
        self._conn.close()


class OutboxBackend:
    """A backend whose staff Tasks survive an EHR outage (everything else passes through).

    Args:
        inner: the EHR backend.
        outbox: where Tasks wait while the EHR does not answer.
        clock: the injected clock (record times).
    """

    def __init__(self, inner: SchedulingBackend, outbox: Outbox, *, clock: Clock) -> None:
        self._inner = inner
        self.outbox = outbox
        self._clock = clock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def create_task(self, task: Task, *, actor: Actor) -> Task:
        """Create the Task in the EHR, or keep it in the outbox when the EHR is down.

        A Task kept in the outbox comes back with an id starting with ``LOCAL_ID_PREFIX``.
        """
        keyed, key = with_record_key(task)
        try:
            return await self._inner.create_task(keyed, actor=actor)
        except BackendUnavailableError:
            await self.outbox.put(key, keyed, actor, self._clock.now().isoformat())
            log.warning("EHR unavailable: staff record %s kept in the outbox", key)
            waiting = keyed.model_copy(deep=True)
            waiting.id = LOCAL_ID_PREFIX + key
            return waiting

    async def list_tasks(self, *, code: str | None = None, limit: int = 100) -> list[Task]:
        """The EHR's Tasks plus those still in the outbox (waiting ones first)."""
        waiting = []
        for key, task, _ in await self.outbox.waiting(include_rejected=True):
            if code is None or _code(task) == code:
                shown = task.model_copy(deep=True)
                shown.id = LOCAL_ID_PREFIX + key
                waiting.append(shown)
        try:
            remote = await self._inner.list_tasks(code=code, limit=limit)
        except BackendUnavailableError:
            remote = []
        return [*waiting, *remote][:limit]

    async def drain(self) -> int:
        """Deliver what waits; returns how many landed. Stops at the first unavailability."""
        landed = 0
        for key, task, actor in await self.outbox.waiting():
            try:
                created = await self._inner.create_task(task, actor=actor)
            except BackendUnavailableError:
                await self.outbox.failed_attempt(key)
                break
            except SchedulingError as exc:
                # Refused for good (invalid, forbidden): a dead letter the staff still see.
                log.error(
                    "outbox: staff record %s refused by the EHR (%s)", key, type(exc).__name__
                )
                await self.outbox.rejected(key, type(exc).__name__)
                continue
            await self.outbox.delivered(key, created.id)
            landed += 1
        if landed:
            log.info("outbox: %d staff records delivered to the EHR", landed)
        return landed

    async def drain_forever(
        self, *, interval_s: float = 5.0, max_interval_s: float = 120.0
    ) -> None:
        """Drain until cancelled, backing off while the EHR stays down."""
        delay = interval_s
        while True:
            await asyncio.sleep(delay)
            try:
                await self.drain()
                waiting = await self.outbox.depth()
            except Exception as exc:  # never let the drainer die
                log.warning("outbox drain failed (%s)", type(exc).__name__)
                waiting = 1
            delay = min(max_interval_s, delay * 2) if waiting else interval_s

    async def close(self) -> None:
        """Close the EHR backend and the outbox file."""
        await self._inner.close()
        self.outbox.close()


def _code(task: Task) -> str | None:
    codings = task.code.coding if task.code and task.code.coding else []
    return str(codings[0].code) if codings else None
