"""Checkpointers: where conversations survive a restart.

SQLite (``settings.checkpoint_path``) by default; Postgres through
langgraph-checkpoint-postgres when ``settings.checkpoint_url`` is set. Checkpoints hold the
transcript and the caller's identity, so they are sealed with the at-rest keyring
(``agent.crypto``) unless ``encrypt_at_rest`` is off: neither ``sqlite3`` nor ``psql`` shows
patient data without the key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver, CheckpointTuple
from langgraph.checkpoint.serde.base import CipherProtocol, SerializerProtocol
from langgraph.checkpoint.serde.encrypted import EncryptedSerializer
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.crypto import Keyring, keyring
from agent.settings import Settings

_CIPHER = "fdaes"

_SHARED_READ: ContextVar[dict[tuple[str, str], CheckpointTuple | None] | None] = ContextVar(
    "frontdesk_shared_checkpoint_read", default=None
)


@contextmanager
def one_read_per_turn() -> Iterator[None]:
    """Inside the block, a conversation's latest checkpoint is read (and unsealed) once for
    two readers: the engine's look before the turn and the graph run right after. Only valid
    while the conversation's lock is held, so nobody else can write it in between."""
    token = _SHARED_READ.set({})
    try:
        yield
    finally:
        _SHARED_READ.reset(token)


class _ReadOnce(BaseCheckpointSaver):
    """Hands the latest checkpoint read inside ``one_read_per_turn`` once more to the next
    reader of the same thread; any write forgets it."""

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        shared = _SHARED_READ.get()
        conf = config.get("configurable") or {}
        if shared is None or conf.get("checkpoint_id"):
            return await super().aget_tuple(config)
        key = (str(conf.get("thread_id")), str(conf.get("checkpoint_ns") or ""))
        if key in shared:
            return shared.pop(key)
        found = await super().aget_tuple(config)
        shared[key] = found
        return found

    async def aput(self, *args: Any, **kwargs: Any) -> RunnableConfig:
        _forget()
        return await super().aput(*args, **kwargs)

    async def aput_writes(self, *args: Any, **kwargs: Any) -> None:
        _forget()
        await super().aput_writes(*args, **kwargs)


def _forget() -> None:
    shared = _SHARED_READ.get()
    if shared:
        shared.clear()


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


class _SqliteSaver(_ReadOnce, AsyncSqliteSaver):
    """LangGraph's SQLite saver, reading a checkpoint once per turn."""


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

    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(path)) as conn:
        saver = _SqliteSaver(conn, serde=serde)
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
        saver = _postgres_saver_class(AsyncPostgresSaver)(pool, serde=serde)
        await saver.setup()
        yield saver
    finally:
        await pool.close()


def _postgres_saver_class(base: type[Any]) -> type[Any]:
    return type("PostgresSaver", (_ReadOnce, base), {})


def open_checkpointer(settings: Settings) -> AbstractAsyncContextManager[BaseCheckpointSaver]:
    """The checkpointer the settings ask for, as an async context manager."""
    serde = checkpoint_serde(settings)
    if settings.checkpoint_url:
        return postgres_checkpointer(
            settings.checkpoint_url, serde=serde, wait_s=settings.postgres_wait_s
        )
    return sqlite_checkpointer(settings.checkpoint_path, serde=serde)
