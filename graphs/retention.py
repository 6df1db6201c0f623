"""Checkpoint retention: keep what a conversation needs to resume, drop the rest.

Each turn adds a checkpoint, and LangGraph keeps every one, so the database grew with every
call forever. A conversation resumes from its latest checkpoint and that checkpoint's pending
writes (a handoff waiting for staff is an interrupt stored as a write), so ``prune`` keeps
exactly those, and deletes whole conversations idle longer than the retention period (their
transcript with them: transcripts live in the checkpoints).

When a checkpoint was written comes from its id: LangGraph ids are UUIDv6, time-ordered.
Our graph has no ``DeltaChannel``, so keeping only the latest checkpoint is safe (see
``BaseCheckpointSaver.prune``).
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

_GREGORIAN_TO_UNIX_100NS = 0x01B21DD213814000


class PruneReport(BaseModel):
    """What a prune removed."""

    conversations_kept: int
    conversations_deleted: int
    checkpoints_deleted: int
    writes_deleted: int
    bytes_before: int | None = None
    bytes_after: int | None = None


def checkpoint_time(checkpoint_id: str) -> datetime:
    """When a checkpoint was written, read from its UUIDv6 id (UTC)."""
    value = uuid.UUID(checkpoint_id).int
    ticks = ((value >> 80) << 12) | ((value >> 64) & 0x0FFF)
    return datetime.fromtimestamp((ticks - _GREGORIAN_TO_UNIX_100NS) / 1e7).astimezone()


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def prune_sqlite(
    path: Path, *, now: datetime, retention: timedelta, vacuum: bool = False
) -> PruneReport:
    """Prune the SQLite checkpoint file at ``path`` (safe while the server runs).

    Args:
        path: the checkpoint database.
        now: the current time (injected).
        retention: conversations idle longer than this are deleted.
        vacuum: also give the freed pages back to the file system (locks the file briefly).
    """
    before = _size(path)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        latest = dict(
            conn.execute(
                "SELECT thread_id || char(31) || checkpoint_ns, MAX(checkpoint_id) "
                "FROM checkpoints GROUP BY thread_id, checkpoint_ns"
            ).fetchall()
        )
        cutoff = now - retention
        expired = {
            key.split("\x1f", 1)[0]
            for key, checkpoint_id in latest.items()
            if checkpoint_time(checkpoint_id) < cutoff
        }
        deleted_checkpoints = deleted_writes = 0
        for thread_id in sorted(expired):
            deleted_checkpoints += conn.execute(
                "DELETE FROM checkpoints WHERE thread_id = ?", (thread_id,)
            ).rowcount
            deleted_writes += conn.execute(
                "DELETE FROM writes WHERE thread_id = ?", (thread_id,)
            ).rowcount
        # Everything but each thread's latest checkpoint and that checkpoint's writes.
        deleted_checkpoints += conn.execute(
            "DELETE FROM checkpoints WHERE checkpoint_id < ("
            " SELECT MAX(c2.checkpoint_id) FROM checkpoints c2"
            " WHERE c2.thread_id = checkpoints.thread_id"
            " AND c2.checkpoint_ns = checkpoints.checkpoint_ns)"
        ).rowcount
        deleted_writes += conn.execute(
            "DELETE FROM writes WHERE NOT EXISTS ("
            " SELECT 1 FROM checkpoints c WHERE c.thread_id = writes.thread_id"
            " AND c.checkpoint_ns = writes.checkpoint_ns"
            " AND c.checkpoint_id = writes.checkpoint_id)"
        ).rowcount
        conn.execute("COMMIT")
        if vacuum:
            conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    threads = {key.split("\x1f", 1)[0] for key in latest}
    return PruneReport(
        conversations_kept=len(threads - expired),
        conversations_deleted=len(expired),
        checkpoints_deleted=deleted_checkpoints,
        writes_deleted=deleted_writes,
        bytes_before=before,
        bytes_after=_size(path),
    )


async def prune_postgres(url: str, *, now: datetime, retention: timedelta) -> PruneReport:
    """Prune Postgres checkpoints with LangGraph's own ``aprune`` (keep_latest / delete)."""
    import psycopg
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    from psycopg.rows import dict_row

    async with AsyncPostgresSaver.from_conn_string(url) as saver:
        await saver.setup()
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            cur = await conn.execute(
                "SELECT thread_id, MAX(checkpoint_id) AS latest, COUNT(*) AS n "
                "FROM checkpoints GROUP BY thread_id"
            )
            rows = await cur.fetchall()
        cutoff = now - retention
        expired = [r["thread_id"] for r in rows if checkpoint_time(r["latest"]) < cutoff]
        kept = [r["thread_id"] for r in rows if r["thread_id"] not in set(expired)]
        if expired:
            await saver.aprune(expired, strategy="delete")
        if kept:
            await saver.aprune(kept, strategy="keep_latest")
    return PruneReport(
        conversations_kept=len(kept),
        conversations_deleted=len(expired),
        checkpoints_deleted=sum(r["n"] for r in rows) - len(kept),
        writes_deleted=0,
    )


async def prune(
    *,
    sqlite_path: Path | None,
    postgres_url: str | None,
    now: datetime,
    retention: timedelta,
    vacuum: bool = False,
) -> PruneReport:
    """Prune whichever checkpoint store is configured."""
    if postgres_url:
        return await prune_postgres(postgres_url, now=now, retention=retention)
    assert sqlite_path is not None
    if not sqlite_path.exists():
        return PruneReport(
            conversations_kept=0, conversations_deleted=0, checkpoints_deleted=0, writes_deleted=0
        )
    return await asyncio.to_thread(
        prune_sqlite, sqlite_path, now=now, retention=retention, vacuum=vacuum
    )
