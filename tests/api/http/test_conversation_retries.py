"""Retries, races and restarts: a keyed retry is answered from the first answer (even after a
restart) and books once; two posts at once never interleave; a new app on the same data_dir
carries the conversation on."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from graphs.locks import LockUnavailableError
from tests.api.http.conftest import Server, open_conversation, start_server, web_settings
from tests.api.http.test_conversations import BOOKING, say


async def post(
    client: httpx.AsyncClient, cid: str, headers: dict[str, str], text: str, key: str | None
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        f"/v1/conversations/{cid}/messages", json={"text": text}, headers={**headers, **extra}
    )


async def booked(server: Server) -> int:
    found = await server.engine.backend.list_appointments(
        patient_id="pat-0008", statuses=["booked"]
    )
    return len(found)


async def test_a_retried_yes_returns_the_first_answer_and_books_once(server: Server) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    for line in (*BOOKING, "option 1"):
        await say(client, cid, headers, line)
    before = await booked(server)
    first = await post(client, cid, headers, "yes", "key-1")
    again = await post(client, cid, headers, "yes", "key-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert [e["kind"] for e in first.json()["events"]] == ["booked"]
    assert await booked(server) == before + 1
    transcript = await server.engine.transcript(cid)
    assert [e.text for e in transcript if e.role == "patient"].count("yes") == 1


async def test_concurrent_retries_with_one_key_run_one_turn(server: Server) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    answers = await asyncio.gather(
        *(post(client, cid, headers, "what are your opening hours?", "same") for _ in range(3))
    )
    assert len({a.text for a in answers}) == 1
    assert (await server.engine.state(cid))["turn_count"] == 1


async def test_two_posts_at_once_never_interleave(server: Server) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    first, second = await asyncio.gather(
        post(client, cid, headers, "what are your opening hours?", None),
        post(client, cid, headers, "is there parking near the practice?", None),
    )
    assert first.status_code == second.status_code == 200
    roles = [e.role for e in await server.engine.transcript(cid)]
    assert roles == ["agent", "patient", "agent", "patient", "agent"]
    replies = {first.json()["messages"][0]["seq"], second.json()["messages"][0]["seq"]}
    assert replies == {2, 4}


async def test_a_new_app_on_the_same_files_carries_on(data_dir: Path) -> None:
    settings = web_settings(data_dir)
    server, close = await start_server(settings)
    cid, headers, _ = await open_conversation(server.client)
    for line in (*BOOKING, "option 1"):
        await say(server.client, cid, headers, line)
    first = await post(server.client, cid, headers, "yes", "confirm-1")
    await close()

    server, close = await start_server(settings)  # a restart: same data_dir, new process state
    try:
        view = await server.client.get(f"/v1/conversations/{cid}", headers=headers)
        assert view.status_code == 200
        assert len(view.json()["messages"]) == 9
        retried = await post(server.client, cid, headers, "yes", "confirm-1")
        assert retried.json() == first.json()
        assert await booked(server) == 1
        more = await say(server.client, cid, headers, "what are your opening hours?")
        assert more["messages"][0]["seq"] == 10
    finally:
        await close()


class _Unreachable:
    """Conversation locks whose database is down (Postgres restarting)."""

    def hold(self, key: str) -> Any:
        raise LockUnavailableError("down")


async def test_a_turn_not_taken_is_a_503_and_its_keyed_retry_runs_once_back(
    server: Server,
) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    for line in (*BOOKING, "option 1"):
        await say(client, cid, headers, line)
    before = await booked(server)
    engine = server.engine
    locks, engine.locks = engine.locks, _Unreachable()
    refused = await post(client, cid, headers, "yes", "key-down")
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "2"
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert await booked(server) == before  # nothing ran
    engine.locks = locks
    again = await post(client, cid, headers, "yes", "key-down")  # the widget's retry
    assert again.status_code == 200
    assert [e["kind"] for e in again.json()["events"]] == ["booked"]
    assert await booked(server) == before + 1
