"""Group commit: one writer thread runs queued writes together, one savepoint each.

A booking must be on disk before the patient hears "you're booked", so commits are
synced (``synchronous=FULL``); a sync costs milliseconds, and one sync per booking would
cap a busy store at a few hundred bookings a second. The writer thread takes every write
waiting in its queue, runs each inside its own SAVEPOINT of one IMMEDIATE transaction (a
failing write rolls back only itself), commits once, and only then tells each caller its
result. Nobody is ever told about a write that did not reach the disk, and when the commit
fails every write of the group fails with it.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from fhir_adapters.embedded.database import Database
from fhir_adapters.errors import BackendUnavailableError

Job = Callable[[sqlite3.Connection], Any]
_MAX_GROUP = 64


@dataclass
class _Item:
    job: Job
    future: Future[Any] = field(default_factory=Future)


class GroupCommitter:
    """Runs write jobs on one thread, grouping those that arrive together into one commit."""

    def __init__(
        self, db: Database, on_begin: Callable[[sqlite3.Connection], object] | None = None
    ) -> None:
        """Write to ``db``; ``on_begin`` runs once at the start of each group's transaction."""
        self._db = db
        self._on_begin = on_begin
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._guard = threading.Lock()
        self._closed = False

    def submit(self, job: Job) -> Future[Any]:
        """Queue ``job`` (called with a connection inside an open transaction)."""
        with self._guard:
            if self._closed:
                raise BackendUnavailableError("The appointment book has been closed.")
            if self._thread is None or self._pid != os.getpid():
                # A forked child has no writer thread of its own: start one.
                self._pid, self._queue = os.getpid(), queue.SimpleQueue()
                self._thread = threading.Thread(
                    target=self._run, name="frontdesk-store-writer", daemon=True
                )
                self._thread.start()
            item = _Item(job)
            self._queue.put(item)
        return item.future

    def _run(self) -> None:
        self._db.prefer_spin_wait()
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            while len(group) < _MAX_GROUP:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)  # finish this group, then stop
                    break
                group.append(nxt)
            self._commit(group)

    def _commit(self, group: list[_Item]) -> None:
        done: list[tuple[_Item, Any]] = []
        try:
            with self._db.write() as conn:
                if self._on_begin is not None:
                    self._on_begin(conn)
                for item in group:
                    conn.execute("SAVEPOINT job")
                    try:
                        done.append((item, item.job(conn)))
                        conn.execute("RELEASE job")
                    except BaseException as error:
                        conn.execute("ROLLBACK TO job")
                        conn.execute("RELEASE job")
                        # A refusal can be told at once: at worst it was caused by a write
                        # of this group that then fails to commit, and the caller retries.
                        item.future.set_exception(error)
        except BaseException as error:  # the whole group failed to commit
            for item, _ in done:
                item.future.set_exception(error)
            for item in group:
                if not item.future.done():
                    item.future.set_exception(error)
            return
        for item, value in done:
            item.future.set_result(value)

    def close(self) -> None:
        """Finish the queued writes and stop the writer thread (safe to call twice)."""
        with self._guard:
            self._closed = True
            thread = self._thread if self._pid == os.getpid() else None
            self._thread = None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=30)
