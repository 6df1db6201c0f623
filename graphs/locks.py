"""One turn at a time per conversation, across every process that serves it.

``Engine`` holds ``locks.hold(conversation_id)`` around each start, turn and staff action.
Within a process an ``asyncio.Lock`` per key queues the coroutines; across processes:

* ``FileLocks`` (embedded setup, several workers on one machine): ``flock`` on one of a fixed
  set of small files in ``data_dir/locks``. The kernel releases the lock when a process dies
  (even by ``kill -9``), so a crashed worker never leaves a conversation stuck.
* ``PostgresLocks`` (several machines): a session advisory lock on the key's 64-bit hash,
  released after the turn; a dead replica's connection closes and Postgres releases its locks.
  When the database cannot be reached the turn is refused (``LockUnavailableError``) before
  anything runs.

Keys hash onto stripes (files) or advisory ids, so two conversations may share one: they then
simply take turns. That is safe only because nobody holds two keys at once: a hold is
re-entrant within a task (the HTTP service holds a conversation around the engine's turn,
which holds it again), so no caller ever nests two locks, and two stripes can never be taken in
opposite orders (a deadlock that, with 1,000 callers, stalled a quarter of the calls).
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import hashlib
import logging
import os
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

STRIPES = 1024
"""Lock files under ``data_dir/locks``: few enough to keep, many enough to rarely collide."""


_HELD: ContextVar[frozenset[tuple[int, str, int]]] = ContextVar("held_locks", default=frozenset())
"""(locks object, key, task) triples held. The task is part of it because a task started
inside a hold inherits this context but must still wait for the lock like anyone else."""


class ConversationLocks(Protocol):
    """Mutual exclusion per key (a conversation id)."""

    def hold(self, key: str) -> AbstractAsyncContextManager[None]:
        """``async with locks.hold(cid): ...`` runs alone for ``cid`` everywhere it reaches."""
        ...

    async def aclose(self) -> None:
        """Release what the locks opened (connections)."""
        ...


class LocalLocks:
    """Locks of one process: an ``asyncio.Lock`` per key, kept while someone holds or awaits it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, key: str) -> asyncio.Lock:
        """The process-local lock of ``key``."""
        found = self._locks.get(key)
        if found is None:
            found = self._locks[key] = asyncio.Lock()
        return found

    def hold(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold ``key``; a task that already holds it goes straight in (re-entrant)."""
        return self._reentrant(key)

    @asynccontextmanager
    async def _reentrant(self, key: str) -> AsyncIterator[None]:
        held, mine = _HELD.get(), (id(self), key, id(asyncio.current_task()))
        if mine in held:
            yield
            return
        async with self._hold(key):
            token = _HELD.set(held | {mine})
            try:
                yield
            finally:
                _HELD.reset(token)

    @asynccontextmanager
    async def _hold(self, key: str) -> AsyncIterator[None]:
        async with self.lock(key):
            yield

    async def aclose(self) -> None:
        return None


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=8).digest()


class FileLocks(LocalLocks):
    """``flock`` on striped files in ``folder``: one machine, any number of processes.

    Each acquisition opens its own descriptor, so two engines in one process (threads) exclude
    each other as well. Waiting polls a non-blocking ``flock`` (no thread parked per waiter).
    """

    def __init__(self, folder: Path | str, *, poll_s: float = 0.002, max_poll_s: float = 0.05):
        super().__init__()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._poll_s = poll_s
        self._max_poll_s = max_poll_s

    def path(self, key: str) -> Path:
        """The lock file ``key`` hashes to."""
        stripe = int.from_bytes(_digest(key), "big") % STRIPES
        return self.folder / f"{stripe:04x}.lock"

    @asynccontextmanager
    async def _hold(self, key: str) -> AsyncIterator[None]:
        async with self.lock(key):
            fd = os.open(self.path(key), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                await self._acquire(fd)
                yield  # closing the descriptor releases the lock
            finally:
                os.close(fd)

    async def _acquire(self, fd: int) -> None:
        delay = self._poll_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_poll_s)


def advisory_id(key: str) -> int:
    """The signed 64-bit advisory lock id of ``key`` (stable across processes and versions)."""
    return int.from_bytes(_digest(key), "big", signed=True)


class LockUnavailableError(RuntimeError):
    """The lock could not be taken because its medium (the database) is unreachable; the turn
    did not run and nothing of it was written."""


class PostgresLocks(LocalLocks):
    """A session advisory lock per turn, on a pooled connection: several machines.

    Args:
        url: the Postgres database (the checkpoint database does).
        max_connections: pool size; only turns waiting on *another* process hold one while
            they wait, since the process-local lock queues this process's own turns first.
        wait_s: how long to wait for a connection (e.g. while Postgres restarts) before
            raising ``LockUnavailableError``.
    """

    def __init__(self, url: str, *, max_connections: int = 16, wait_s: float = 5.0) -> None:
        super().__init__()
        from psycopg_pool import AsyncConnectionPool

        # The pool checks each connection before lending it: after a restart, dead ones are
        # replaced instead of failing a turn.
        self._pool: Any = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            timeout=wait_s,
            open=False,
            check=AsyncConnectionPool.check_connection,
            kwargs={"autocommit": True},
        )
        self._opened = False
        self._opening = asyncio.Lock()

    async def _open(self) -> None:
        async with self._opening:
            if not self._opened:
                await self._pool.open(wait=False)
                self._opened = True

    @asynccontextmanager
    async def _hold(self, key: str) -> AsyncIterator[None]:
        lock_id = advisory_id(key)
        async with self.lock(key):
            try:
                await self._open()
                conn = await self._pool.getconn()
            except Exception as exc:
                raise LockUnavailableError("the lock database is unreachable") from exc
            try:
                try:
                    await conn.execute("SELECT pg_advisory_lock(%s)", (lock_id,))
                except Exception as exc:
                    await conn.close()
                    raise LockUnavailableError("the lock database is unreachable") from exc
                try:
                    yield
                finally:
                    await _unlock(conn, lock_id)
            finally:
                await self._pool.putconn(conn)

    async def aclose(self) -> None:
        if self._opened:
            await self._pool.close()
            self._opened = False


async def _unlock(conn: Any, lock_id: int) -> None:
    """Release ``lock_id``; a connection that cannot is closed, which releases it as well."""
    try:
        await conn.execute("SELECT pg_advisory_unlock(%s)", (lock_id,))
    except Exception as exc:  # the turn is done: losing the connection only ends the lock
        log.warning("advisory unlock failed (%s); connection dropped", type(exc).__name__)
        await conn.close()


def open_locks(
    kind: str, *, folder: Path, postgres_url: str | None, wait_s: float = 5.0
) -> ConversationLocks:
    """The locks ``kind`` names: ``local``, ``file`` or ``postgres``; ``auto`` picks Postgres
    when ``postgres_url`` is set, files otherwise."""
    if kind == "auto":
        kind = "postgres" if postgres_url else "file"
    if kind == "local":
        return LocalLocks()
    if kind == "file":
        return FileLocks(folder)
    if kind == "postgres":
        if not postgres_url:
            raise ValueError("postgres conversation locks need a Postgres checkpoint_url")
        return PostgresLocks(postgres_url, wait_s=wait_s)
    raise ValueError(f"unknown conversation lock kind {kind!r}")
