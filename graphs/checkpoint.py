"""Checkpointers: where conversations survive a restart.

SQLite (``settings.checkpoint_path``) by default; Postgres through
langgraph-checkpoint-postgres when ``settings.checkpoint_url`` is set.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver

from agent.settings import Settings


@asynccontextmanager
async def sqlite_checkpointer(path: Path | str) -> AsyncIterator[BaseCheckpointSaver]:
    """An AsyncSqliteSaver on ``path`` (created with its folder if missing)."""
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(path)) as saver:
        await saver.setup()  # also switches the file to WAL
        # In WAL mode, NORMAL survives any process crash or restart and skips an fsync per
        # turn; only a power cut could lose the last turn, and writes are idempotent anyway.
        await saver.conn.execute("PRAGMA synchronous=NORMAL")
        yield saver


@asynccontextmanager
async def postgres_checkpointer(url: str) -> AsyncIterator[BaseCheckpointSaver]:
    """An AsyncPostgresSaver on ``url``; creates its tables on first use."""
    try:
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            "Postgres checkpoints need the postgres extra: pip install 'frontdesk[postgres]'"
        ) from exc
    async with AsyncPostgresSaver.from_conn_string(url) as saver:
        await saver.setup()
        yield saver


def open_checkpointer(settings: Settings) -> AbstractAsyncContextManager[BaseCheckpointSaver]:
    """The checkpointer the settings ask for, as an async context manager."""
    if settings.checkpoint_url:
        return postgres_checkpointer(settings.checkpoint_url)
    return sqlite_checkpointer(settings.checkpoint_path)
