"""Checkpointers: where conversations survive a restart.

SQLite (``settings.checkpoint_path``) by default; Postgres through
langgraph-checkpoint-postgres when ``settings.checkpoint_url`` is set. Checkpoints hold the
transcript and the caller's identity, so they are sealed with the at-rest keyring
(``agent.crypto``) unless ``encrypt_at_rest`` is off: neither ``sqlite3`` nor ``psql`` shows
patient data without the key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.base import CipherProtocol, SerializerProtocol
from langgraph.checkpoint.serde.encrypted import EncryptedSerializer
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from agent.crypto import Keyring, keyring
from agent.settings import Settings

_CIPHER = "fdaes"


class KeyringCipher(CipherProtocol):
    """LangGraph's cipher protocol over our keyring (AES-GCM, rotation-aware)."""

    def __init__(self, ring: Keyring) -> None:
        self._ring = ring

    def encrypt(self, plaintext: bytes) -> tuple[str, bytes]:
        return _CIPHER, self._ring.seal(plaintext)

    def decrypt(self, ciphername: str, ciphertext: bytes) -> bytes:
        if ciphername != _CIPHER:
            raise ValueError(f"unknown checkpoint cipher {ciphername!r}")
        return self._ring.open(ciphertext)


def checkpoint_serde(settings: Settings) -> SerializerProtocol | None:
    """The serializer the settings ask for: sealed with the keyring, or LangGraph's default."""
    if not settings.encrypt_at_rest:
        return None
    return EncryptedSerializer(KeyringCipher(keyring(settings)), JsonPlusSerializer())


@asynccontextmanager
async def sqlite_checkpointer(
    path: Path | str, *, serde: SerializerProtocol | None = None
) -> AsyncIterator[BaseCheckpointSaver]:
    """An AsyncSqliteSaver on ``path`` (created with its folder if missing)."""
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(path)) as conn:
        saver = AsyncSqliteSaver(conn, serde=serde)
        await saver.setup()  # also switches the file to WAL
        # In WAL mode, NORMAL survives any process crash or restart and skips an fsync per
        # turn; only a power cut could lose the last turn, and writes are idempotent anyway.
        await saver.conn.execute("PRAGMA synchronous=NORMAL")
        # Several workers write this file (serve --workers N): wait for another's commit
        # rather than fail the turn with "database is locked".
        await saver.conn.execute("PRAGMA busy_timeout=30000")
        yield saver


@asynccontextmanager
async def postgres_checkpointer(
    url: str,
    *,
    serde: SerializerProtocol | None = None,
    pool_size: int = 4,
    wait_s: float = 5.0,
) -> AsyncIterator[BaseCheckpointSaver]:
    """An AsyncPostgresSaver on a pool of connections to ``url``; creates its tables.

    The pool checks a connection before lending it and opens new ones as needed, so the saver
    outlives a Postgres restart or failover: a turn during the outage waits up to ``wait_s``
    for a connection, then fails cleanly (nothing of it is saved) and the next one works.
    """
    try:
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            "Postgres checkpoints need the postgres extra: pip install 'frontdesk[postgres]'"
        ) from exc
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        url,
        min_size=1,
        max_size=pool_size,
        timeout=wait_s,
        open=False,
        check=AsyncConnectionPool.check_connection,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
    )
    await pool.open(wait=True, timeout=max(wait_s, 30.0))
    try:
        saver = AsyncPostgresSaver(pool, serde=serde)
        await saver.setup()
        yield saver
    finally:
        await pool.close()


def open_checkpointer(settings: Settings) -> AbstractAsyncContextManager[BaseCheckpointSaver]:
    """The checkpointer the settings ask for, as an async context manager."""
    serde = checkpoint_serde(settings)
    if settings.checkpoint_url:
        return postgres_checkpointer(
            settings.checkpoint_url, serde=serde, wait_s=settings.postgres_wait_s
        )
    return sqlite_checkpointer(settings.checkpoint_path, serde=serde)
