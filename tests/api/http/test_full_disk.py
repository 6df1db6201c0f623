"""A full disk under the embedded setup: the caller gets a clear answer, never a 500, and no
booking is half-written; once space is back the same message books exactly once.

The disk fills while the server is restarted: every SQLite file in ``data_dir`` (store,
checkpoints, directory, outbox, bus) is opened with ``PRAGMA max_page_count`` at its current
size, so any write that needs one more page fails with SQLITE_FULL, as on a full disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.http.conftest import open_conversation, start_server, web_settings
from tests.api.http.test_conversation_retries import booked, post
from tests.api.http.test_conversations import BOOKING, say

_connect = sqlite3.connect


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """While ``full[0]`` is True, SQLite files opened from now on cannot grow."""
    full = [False]

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = _connect(database, *args, **kwargs)
        if full[0] and str(database) != ":memory:":
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(int(pages), 1)}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield full


async def test_a_full_disk_is_a_clear_answer_and_books_once_when_space_is_back(
    data_dir: Path, full_disk: list[bool]
) -> None:
    settings = web_settings(data_dir)
    server, close = await start_server(settings)
    cid, headers, _ = await open_conversation(server.client)
    for line in (*BOOKING, "option 1"):
        await say(server.client, cid, headers, line)
    before = await booked(server)
    await close()

    full_disk[0] = True
    server, close = await start_server(settings)
    try:
        # The checkpoint file cannot take the turn (a checkpoint always needs new pages):
        # refused cleanly, every time the widget retries, and nothing booked.
        for _ in range(3):
            answer = await post(server.client, cid, headers, "yes", "yes-1")
            assert answer.status_code == 503, answer.text
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.headers["retry-after"]
        assert await booked(server) == before
        health = await server.client.get("/readyz")
        assert health.status_code in (200, 503)
    finally:
        await close()

    full_disk[0] = False  # space is back
    server, close = await start_server(settings)
    try:
        done = await post(server.client, cid, headers, "yes", "yes-1")
        assert done.status_code == 200, done.text
        assert [e["kind"] for e in done.json()["events"]] == ["booked"]
        assert await booked(server) == before + 1
        view = await server.client.get(f"/v1/conversations/{cid}", headers=headers)
        patient = [m["text"] for m in view.json()["messages"] if m["role"] == "patient"]
        assert patient.count("yes") == 1  # the refused tries left no line behind
    finally:
        await close()
