"""The embedded job queue: one SQLite file, no server, safe with several processes.

* **Exactly one claim.** A worker claims due jobs inside a ``BEGIN IMMEDIATE`` transaction
  (SQLite's single writer), marking them ``running`` with a lease; no other worker can claim
  them while the lease lasts.
* **A killed worker's job runs again.** When the lease runs out with the job still
  ``running``, the next claim takes it over. Whatever the job already did is protected by
  the message keys (see ``agent.outreach.sender``), so the rerun sends nothing twice.
* **One job per key.** ``key`` is unique and kept after the job is done: re-queueing the
  same reminder or the same booking's follow-up is a no-op.
* **Retries and dead letters.** A failing job is retried with exponential backoff until
  ``max_attempts``, then kept as ``dead`` with its last error (no patient data) for staff.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from agent.outreach.jobs import Job
from fhir_adapters.clock import Clock, SystemClock

SCHEMA = """
CREATE TABLE IF NOT EXISTS job (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until REAL,
    worker TEXT,
    last_error TEXT,
    created REAL NOT NULL,
    finished REAL
);
CREATE INDEX IF NOT EXISTS job_due ON job (state, run_at);
CREATE INDEX IF NOT EXISTS job_lease ON job (state, lease_until);
"""


class ClaimedJob(BaseModel):
    """A job a worker holds the lease of."""

    id: int
    job: Job
    attempts: int


class QueueStats(BaseModel):
    """How many jobs are in each state."""

    queued: int = 0
    running: int = 0
    done: int = 0
    dead: int = 0


class SqliteJobQueue:
    """Jobs in a SQLite file (``:memory:`` for a private queue in tests).

    Args:
        path: the queue file.
        clock: "now" for due times and leases.
        lease_s: how long a claimed job belongs to its worker.
        max_attempts: runs of a failing job before it is dead.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock | None = None,
        lease_s: float = 60.0,
        max_attempts: int = 5,
        busy_timeout_s: float = 10.0,
    ) -> None:
        self.path = str(path)
        self.clock: Clock = clock or SystemClock()
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self._timeout = busy_timeout_s
        self._local = threading.local()
        self._memory_conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = self._conn()
        with self._lock:
            conn.executescript(f"BEGIN IMMEDIATE;{SCHEMA}COMMIT;")

    def _conn(self) -> sqlite3.Connection:
        if self.path == ":memory:":
            if self._memory_conn is None:
                self._memory_conn = sqlite3.connect(
                    ":memory:", isolation_level=None, check_same_thread=False
                )
            return self._memory_conn
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a queued confirmation survives power loss
            self._local.conn = conn
        return conn

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _tx(self, work):  # type: ignore[no-untyped-def]
        conn = self._conn()
        with self._lock:  # threads of this process queue here; processes on SQLite's lock
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    # ---- producers ---------------------------------------------------------------------

    def enqueue_sync(self, jobs: Sequence[Job]) -> int:
        """Queue ``jobs``, ignoring keys seen before; returns how many are new."""
        now = self._now()
        rows = [(j.key, j.kind, json.dumps(j.payload), j.run_at.timestamp(), now) for j in jobs]

        def work(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO job (key, kind, payload, run_at, created) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

        return int(self._tx(work)) if rows else 0

    async def enqueue(self, jobs: Sequence[Job]) -> int:
        """Queue ``jobs`` (see ``enqueue_sync``) without blocking the event loop."""
        return await asyncio.to_thread(self.enqueue_sync, jobs)

    # ---- workers -----------------------------------------------------------------------

    def claim_sync(self, worker: str, limit: int = 1) -> list[ClaimedJob]:
        """Lease up to ``limit`` due jobs (or jobs whose lease ran out) to ``worker``."""
        now = self._now()

        def work(conn: sqlite3.Connection) -> list[ClaimedJob]:
            rows = conn.execute(
                "SELECT id FROM job WHERE state = 'queued' AND run_at <= ? "
                "UNION ALL SELECT id FROM job WHERE state = 'running' AND lease_until < ? "
                "LIMIT ?",
                (now, now, limit),
            ).fetchall()
            ids = [r[0] for r in rows]
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            conn.execute(
                f"UPDATE job SET state = 'running', lease_until = ?, worker = ?, "
                f"attempts = attempts + 1 WHERE id IN ({marks})",
                [now + self.lease_s, worker, *ids],
            )
            found = conn.execute(
                f"SELECT id, key, kind, payload, run_at, attempts FROM job WHERE id IN ({marks})",
                ids,
            ).fetchall()
            return [
                ClaimedJob(
                    id=row[0],
                    attempts=row[5],
                    job=Job(
                        kind=row[2],
                        key=row[1],
                        payload=json.loads(row[3]),
                        run_at=datetime.fromtimestamp(row[4], UTC),
                    ),
                )
                for row in found
            ]

        return list(self._tx(work))

    async def claim(self, worker: str, limit: int = 1) -> list[ClaimedJob]:
        """``claim_sync`` off the event loop."""
        return await asyncio.to_thread(self.claim_sync, worker, limit)

    def complete_sync(self, worker: str, ids: Sequence[int]) -> int:
        """Mark jobs done, only those still leased to ``worker``; returns how many."""
        if not ids:
            return 0
        now = self._now()
        marks = ",".join("?" * len(ids))

        def work(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                f"UPDATE job SET state = 'done', finished = ?, lease_until = NULL "
                f"WHERE id IN ({marks}) AND worker = ? AND state = 'running'",
                [now, *ids, worker],
            )
            return cursor.rowcount

        return int(self._tx(work))

    async def complete(self, worker: str, ids: Sequence[int]) -> int:
        """``complete_sync`` off the event loop."""
        return await asyncio.to_thread(self.complete_sync, worker, ids)

    def fail_sync(self, worker: str, claimed: ClaimedJob, error: str) -> str:
        """Record a failed run: queued again after a backoff, or dead; returns the state."""
        now = self._now()
        dead = claimed.attempts >= self.max_attempts
        delay = min(600.0, 2.0**claimed.attempts) * (0.5 + random.random() / 2)

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE job SET state = ?, run_at = ?, last_error = ?, lease_until = NULL, "
                "finished = ? WHERE id = ? AND worker = ? AND state = 'running'",
                (
                    "dead" if dead else "queued",
                    now + delay,
                    error[:500],
                    now if dead else None,
                    claimed.id,
                    worker,
                ),
            )

        self._tx(work)
        return "dead" if dead else "queued"

    async def fail(self, worker: str, claimed: ClaimedJob, error: str) -> str:
        """``fail_sync`` off the event loop."""
        return await asyncio.to_thread(self.fail_sync, worker, claimed, error)

    def defer_sync(self, worker: str, claimed: ClaimedJob, until: datetime) -> None:
        """Put a job back to run at ``until`` without counting the run as an attempt."""

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE job SET state = 'queued', run_at = ?, attempts = attempts - 1, "
                "lease_until = NULL WHERE id = ? AND worker = ? AND state = 'running'",
                (until.timestamp(), claimed.id, worker),
            )

        self._tx(work)

    async def defer(self, worker: str, claimed: ClaimedJob, until: datetime) -> None:
        """``defer_sync`` off the event loop."""
        await asyncio.to_thread(self.defer_sync, worker, claimed, until)

    # ---- reading -----------------------------------------------------------------------

    def stats(self) -> QueueStats:
        """Jobs per state."""
        rows = self._conn().execute("SELECT state, COUNT(*) FROM job GROUP BY state").fetchall()
        return QueueStats(**{state: count for state, count in rows})

    def dead_jobs(self, limit: int = 100) -> list[tuple[str, str, str | None]]:
        """(key, kind, last error) of dead jobs, newest first."""
        rows = (
            self._conn()
            .execute(
                "SELECT key, kind, last_error FROM job WHERE state = 'dead' "
                "ORDER BY finished DESC LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        conn = getattr(self._local, "conn", None) or self._memory_conn
        if conn is not None:
            conn.close()
