"""SQLite connections and transactions of the embedded store.

A file store runs in WAL mode (readers never wait for the writer) with one connection per
thread and per process; writes run in ``BEGIN IMMEDIATE`` transactions so two writers never
interleave, whichever thread or process they come from. An in-memory store shares a single
connection behind a lock: a shared-cache memory database would let several connections see
the same data, but its table locks fail at once (SQLITE_LOCKED) instead of waiting, which
would turn ordinary contention into errors.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Literal

from fhir_adapters.embedded.schema import SCHEMA
from fhir_adapters.errors import BackendUnavailableError

MEMORY = ":memory:"

# Threads of one process queue on this lock before asking SQLite for the write lock: a
# Python lock wakes the next writer at once, SQLite's busy handler sleeps up to 100 ms
# between retries, which would cap throughput when many threads book at the same time.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(key: str) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def unavailable(error: sqlite3.Error) -> BackendUnavailableError:
    """Translate a SQLite failure (locked past the timeout, I/O error) into a domain error."""
    if "locked" in str(error) or "busy" in str(error):
        message = "The appointment book is busy right now; please try again in a moment."
    else:
        message = None
    return BackendUnavailableError(message, detail=f"sqlite: {error}")


class Database:
    """Connections to one SQLite store, handed out per thread, with read/write transactions."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_s: float = 5.0,
        synchronous: Literal["OFF", "NORMAL", "FULL"] = "FULL",
    ) -> None:
        """Open (and create when missing) the store at ``path`` or in memory for ":memory:"."""
        self.memory = str(path) == MEMORY
        self.path = MEMORY if self.memory else str(Path(path).expanduser().resolve())
        self._timeout = busy_timeout_s
        self._synchronous = synchronous
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_guard = threading.Lock()
        self._closed = False
        self._memory_lock = threading.RLock()
        self._write_lock = threading.RLock() if self.memory else _write_lock(self.path)
        if not self.memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._shared: sqlite3.Connection | None = self._open() if self.memory else None
        # executescript() commits any open transaction first, so the script carries its own.
        with self._write_lock, self._guard():
            try:
                self.connection().executescript(f"BEGIN IMMEDIATE;{SCHEMA}COMMIT;")
            except sqlite3.Error as error:
                raise unavailable(error) from error

    # ---- connections -------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            if not self.memory:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self._synchronous}")
            conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
            conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: keeps the slot indexes hot
        except sqlite3.Error as error:
            raise unavailable(error) from error
        with self._all_guard:
            self._all.append(conn)
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (the shared one in memory); reopened after a fork."""
        if self._closed:
            raise BackendUnavailableError("The appointment book has been closed.")
        if self._shared is not None:
            return self._shared
        pid = os.getpid()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != pid:
            conn = self._open()
            self._local.conn, self._local.pid, self._local.spin = conn, pid, False
        return conn

    def prefer_spin_wait(self) -> None:
        """Make this thread's writes poll for the write lock every few milliseconds.

        SQLite's own busy handler sleeps up to 100 ms between tries, so a writer of one
        process can sit idle long after another process committed; the writer thread
        polls instead. Reads keep the busy handler.
        """
        if not self.memory:
            self.connection().execute("PRAGMA busy_timeout=0")
            self._local.spin = True

    def _begin(self, conn: sqlite3.Connection) -> None:
        if not getattr(self._local, "spin", False):
            conn.execute("BEGIN IMMEDIATE")
            return
        deadline = time.monotonic() + self._timeout
        pause = 0.0002
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 1.5, 0.003)

    def _guard(self) -> AbstractContextManager[object]:
        return self._memory_lock if self.memory else nullcontext()

    # ---- transactions ------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads (autocommit: each statement sees the latest commit)."""
        with self._guard():
            try:
                yield self.connection()
            except sqlite3.Error as error:
                raise unavailable(error) from error

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """An IMMEDIATE transaction: committed when the block ends, rolled back on any error."""
        with self._write_lock, self._guard():
            conn = self.connection()
            try:
                self._begin(conn)
            except sqlite3.Error as error:
                raise unavailable(error) from error
            try:
                yield conn
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.OperationalError):
                    raise unavailable(error) from error
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise unavailable(error) from error

    def close(self) -> None:
        """Close every connection this object opened (safe to call twice)."""
        self._closed = True
        with self._all_guard:
            conns, self._all = self._all, []
        for conn in conns:
            with suppress(sqlite3.Error):  # closing is best effort
                conn.close()
