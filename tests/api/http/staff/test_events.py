"""The console's server-sent event streams, fed by the engine's bus."""

from __future__ import annotations

import json

from api.http.staff.events import conversation_stream, queue_stream
from graphs.bus import ConversationUpdate, InProcessBus


class _Browser:
    """Stands in for the request: connected until told otherwise."""

    def __init__(self) -> None:
        self.gone = False

    async def is_disconnected(self) -> bool:
        return self.gone


def _event(chunk: str) -> tuple[str, dict]:
    lines = dict(line.split(": ", 1) for line in chunk.strip().splitlines() if ": " in line)
    return lines["event"], json.loads(lines["data"])


async def test_the_queue_stream_sends_status_changes_of_every_conversation() -> None:
    bus, browser = InProcessBus(), _Browser()
    stream = queue_stream(browser, bus)  # type: ignore[arg-type]
    assert "event: ready" in await anext(stream)
    await bus.publish(ConversationUpdate(conversation_id="a", kind="message", payload={"x": 1}))
    await bus.publish(
        ConversationUpdate(conversation_id="b", kind="status", payload={"status": "handed_off"})
    )
    assert _event(await anext(stream)) == (
        "status",
        {"conversation_id": "b", "status": "handed_off"},
    )
    browser.gone = True
    await bus.publish(ConversationUpdate(conversation_id="c", kind="status"))
    assert [chunk async for chunk in stream] == []
    assert bus.subscribers == 0


async def test_a_conversation_stream_sends_only_that_conversations_lines() -> None:
    bus, browser = InProcessBus(), _Browser()
    stream = conversation_stream(browser, bus, "a")  # type: ignore[arg-type]
    await anext(stream)
    await bus.publish(ConversationUpdate(conversation_id="b", kind="message", payload={"seq": 9}))
    await bus.publish(
        ConversationUpdate(
            conversation_id="a", kind="message", payload={"seq": 3, "role": "patient", "text": "hi"}
        )
    )
    kind, data = _event(await anext(stream))
    assert kind == "message" and data["seq"] == 3 and data["conversation_id"] == "a"
    browser.gone = True
    await bus.publish(ConversationUpdate(conversation_id="a", kind="status"))
    assert [chunk async for chunk in stream] == []
