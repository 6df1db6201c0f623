"""Conversation turns over HTTP hold one lock per conversation, never two."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from api.http.conversations.service import ConversationService
from graphs.engine import build_engine
from graphs.locks import FileLocks
from tests.graphs.scale.workers import settings


async def test_keys_sharing_one_lock_file_never_deadlock_a_reply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every key on one stripe: the HTTP service's hold around the engine's turn (and two
    conversations at once) still answer, as they must when 1,000 calls share 1,024 files."""
    monkeypatch.setattr("graphs.locks.STRIPES", 1)
    engine = await build_engine(settings(tmp_path))
    try:
        assert isinstance(engine.locks, FileLocks)
        service = ConversationService(engine, settings(tmp_path))
        ids = [engine.new_conversation_id() for _ in range(2)]
        for cid in ids:
            await engine.start(cid, language="en")
        async with asyncio.timeout(30):
            replies = await asyncio.gather(
                *(service.post(cid, "What are your opening hours?", f"k-{cid}") for cid in ids)
            )
        assert all(reply.messages for reply in replies)
    finally:
        await engine.aclose()
