"""Live updates across the processes of one machine: a SQLite table every process polls.

``publish`` appends a row; each process reads the rows after the last one it saw every
``poll_s`` seconds and hands them to its subscribers. Rows older than ``keep_s`` are deleted,
so the table stays small. No server to run: the embedded setup's answer to ``--workers N``.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from graphs.buses.relay import Codec, RelayBus

SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_at ON updates (at);
"""


class SqliteBus(RelayBus):
    """A bus on a SQLite file shared by every process on the machine."""

    def __init__(
        self,
        path: Path | str,
        *,
        poll_s: float = 0.05,
        keep_s: float = 120.0,
        seal: Codec | None = None,
        unseal: Codec | None = None,
    ) -> None:
        super().__init__(seal=seal, unseal=unseal)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._poll_s = poll_s
        self._keep_s = keep_s
        self._write_lock = threading.Lock()
        self._writer = self._connect()
        with self._writer:
            self._writer.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # live updates are not records
        return conn

    async def _send(self, body: bytes) -> None:
        await asyncio.to_thread(self._insert, body)

    def _insert(self, body: bytes) -> None:
        # Wall time, not the injected clock: rows are aged against other processes' writes.
        with self._write_lock, self._writer:
            self._writer.execute(
                "INSERT INTO updates (at, body) VALUES (?, ?)", (time.time(), body)
            )

    async def _ping(self) -> None:
        await asyncio.to_thread(self._last_id, self._writer)

    async def _listen(self) -> None:
        reader = await asyncio.to_thread(self._connect)
        try:
            cursor = await asyncio.to_thread(self._last_id, reader)
            self._heard()
            trimmed = time.monotonic()
            while True:
                rows = await asyncio.to_thread(self._after, reader, cursor)
                for row_id, body in rows:
                    cursor = row_id
                    await self._deliver(bytes(body))
                if time.monotonic() - trimmed > self._keep_s / 2:
                    await asyncio.to_thread(self._trim)
                    trimmed = time.monotonic()
                await asyncio.sleep(self._poll_s)
        finally:
            reader.close()

    @staticmethod
    def _last_id(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM updates").fetchone()[0])

    @staticmethod
    def _after(conn: sqlite3.Connection, cursor: int) -> list[tuple[int, bytes]]:
        query = "SELECT id, body FROM updates WHERE id > ? ORDER BY id LIMIT 1000"
        return list(conn.execute(query, (cursor,)))

    def _trim(self) -> None:
        with self._write_lock, self._writer:
            self._writer.execute("DELETE FROM updates WHERE at < ?", (time.time() - self._keep_s,))

    async def aclose(self) -> None:
        await super().aclose()
        self._writer.close()
