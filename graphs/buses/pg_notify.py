"""Live updates across replicas through Postgres LISTEN/NOTIFY (no other server to run).

A NOTIFY payload is limited to 8,000 bytes, so the update's (sealed) body goes into a small
table and the notification carries its row id; each replica reads the rows it is told about.
Rows older than ``keep_s`` are deleted by whoever publishes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from graphs.buses.relay import Codec, RelayBus

CHANNEL = "frontdesk_updates"
SCHEMA = """
CREATE TABLE IF NOT EXISTS frontdesk_bus (
    id BIGSERIAL PRIMARY KEY,
    at DOUBLE PRECISION NOT NULL,
    body BYTEA NOT NULL
)
"""


class PostgresBus(RelayBus):
    """A bus on Postgres: a table of bodies plus NOTIFY of their ids."""

    def __init__(
        self,
        url: str,
        *,
        keep_s: float = 120.0,
        seal: Codec | None = None,
        unseal: Codec | None = None,
    ) -> None:
        super().__init__(seal=seal, unseal=unseal)
        self._url = url
        self._keep_s = keep_s
        self._writer: Any = None
        self._writing = asyncio.Lock()
        self._published = 0

    async def _connection(self) -> Any:
        import psycopg

        conn = await psycopg.AsyncConnection.connect(self._url, autocommit=True)
        await conn.execute(SCHEMA)
        return conn

    async def _with_writer(self, work: Callable[[Any], Awaitable[None]]) -> None:
        """Run ``work`` on the publishing connection, (re)opened as needed; a failure closes
        it, so the next call reconnects (e.g. after Postgres restarted)."""
        async with self._writing:
            if self._writer is None or self._writer.closed:
                self._writer = await self._connection()
            try:
                await work(self._writer)
            except Exception:
                await self._writer.close()
                self._writer = None
                raise

    async def _send(self, body: bytes) -> None:
        async def insert(conn: Any) -> None:
            cursor = await conn.execute(
                "INSERT INTO frontdesk_bus (at, body) VALUES (%s, %s) RETURNING id",
                (time.time(), body),
            )
            row = await cursor.fetchone()
            await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(row[0])))
            self._published += 1
            if self._published % 500 == 0:
                await conn.execute(
                    "DELETE FROM frontdesk_bus WHERE at < %s", (time.time() - self._keep_s,)
                )

        await self._with_writer(insert)

    async def _ping(self) -> None:
        async def select(conn: Any) -> None:
            await conn.execute("SELECT 1")

        await self._with_writer(select)

    async def _listen(self) -> None:
        # Two connections: psycopg holds the listening one while it waits for notifications.
        listener, reader = await self._connection(), await self._connection()
        try:
            await listener.execute(f"LISTEN {CHANNEL}")
            self._heard()
            async for notice in listener.notifies():
                cursor = await reader.execute(
                    "SELECT body FROM frontdesk_bus WHERE id = %s", (int(notice.payload),)
                )
                row = await cursor.fetchone()
                if row is not None:
                    await self._deliver(bytes(row[0]))
        finally:
            await listener.close()
            await reader.close()

    async def aclose(self) -> None:
        await super().aclose()
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
