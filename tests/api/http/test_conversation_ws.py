"""The conversation WebSocket: the agent's typing and replies, staff messages after a
takeover, and no connection without the conversation's token."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from httpx_ws import WebSocketDisconnect, WebSocketUpgradeError, aconnect_ws

from tests.api.http.conftest import Server, open_conversation, ws_client
from tests.api.http.test_conversations import say


async def receive_until(ws: Any, predicate: Any, limit: int = 20) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        seen.append(await asyncio.wait_for(ws.receive_json(), timeout=10))
        if predicate(seen[-1]):
            return seen
    raise AssertionError(f"not received: {seen}")


def ws_url(cid: str, token: str) -> str:
    return f"http://test/v1/conversations/{cid}/ws?token={token}"


async def test_replies_and_staff_messages_arrive_live(server: Server) -> None:
    client = server.client
    cid, headers, body = await open_conversation(client)
    async with ws_client(server) as sockets, aconnect_ws(ws_url(cid, body["token"]), sockets) as ws:
        await say(client, cid, headers, "what are your opening hours?")
        seen = await receive_until(
            ws, lambda m: m["type"] == "message" and m["message"]["role"] == "agent"
        )
        assert seen[0] == {"type": "typing", "role": "agent", "typing": True}
        assert [m["message"]["role"] for m in seen if m["type"] == "message"] == [
            "patient",
            "agent",
        ]
        await server.engine.take_over(cid, "staff-1")
        await server.engine.staff_message(cid, "Hello, Anne from the practice.", "staff-1")
        seen = await receive_until(
            ws, lambda m: m["type"] == "message" and m["message"]["role"] == "staff"
        )
        assert {"type": "status", "status": "staff", "urgency": "routine", "language": "en"} in seen
        assert seen[-1]["message"]["text"] == "Hello, Anne from the practice."
        assert seen[-1]["message"]["seq"] == 3


async def test_the_patient_typing_reaches_staff_screens(server: Server) -> None:
    cid, _, body = await open_conversation(server.client)
    async with (
        server.engine.live.bus.subscribe(cid) as updates,
        ws_client(server) as sockets,
        aconnect_ws(ws_url(cid, body["token"]), sockets) as ws,
    ):
        await ws.send_json({"type": "typing", "typing": True})
        update = await asyncio.wait_for(updates.get(), timeout=10)
        assert update.kind == "typing" and update.payload == {"role": "patient", "typing": True}


@pytest.mark.parametrize("token", ["", "wrong"])
async def test_no_socket_without_the_token(server: Server, token: str) -> None:
    cid, _, _ = await open_conversation(server.client)
    refused: list[int] = []
    try:
        async with ws_client(server) as sockets, aconnect_ws(ws_url(cid, token), sockets):
            pass
    except* WebSocketDisconnect as group:  # the in-process transport's view of a 403
        refused += [e.code for e in group.exceptions if isinstance(e, WebSocketDisconnect)]
    except* WebSocketUpgradeError:  # a real server answers the upgrade with 403
        refused.append(1008)
    assert refused == [1008]
