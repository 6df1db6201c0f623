"""Server-sent event streams for the console, fed by the engine's conversation bus.

The queue stream carries ``status`` events (a conversation's new summary) for every
conversation; a conversation stream carries that one conversation's ``message`` and ``status``
events. A comment every 15 s keeps proxies from closing an idle stream, and the loop ends as
soon as the browser goes away.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import Request

from graphs.bus import ConversationBus, ConversationUpdate

KEEPALIVE_S = 15.0


def sse(event: str, data: object) -> str:
    """One server-sent event."""
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


async def _updates(
    request: Request, bus: ConversationBus, conversation_id: str | None, kinds: set[str]
) -> AsyncIterator[str]:
    async with bus.subscribe(conversation_id) as subscription:
        yield "retry: 3000\n\n" + sse("ready", {})
        while not await request.is_disconnected():
            try:
                update: ConversationUpdate = await asyncio.wait_for(subscription.get(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            if update.kind in kinds:
                payload = {"conversation_id": update.conversation_id, **update.payload}
                yield sse(update.kind, payload)


def queue_stream(request: Request, bus: ConversationBus) -> AsyncIterator[str]:
    """Every conversation's status changes."""
    return _updates(request, bus, None, {"status"})


def conversation_stream(
    request: Request, bus: ConversationBus, conversation_id: str
) -> AsyncIterator[str]:
    """One conversation's new lines and status changes."""
    return _updates(request, bus, conversation_id, {"message", "status"})
