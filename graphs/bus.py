"""Live conversation updates: an async publish/subscribe bus every channel and screen shares.

The engine publishes after each turn (the patient's line, the agent's reply, events, the new
status) and on staff actions; the patient's WebSocket and the staff queue subscribe. The
interface is two methods so a cross-process bus (Postgres LISTEN/NOTIFY, Redis pub/sub) can
replace ``InProcessBus`` when the service runs on several processes.

A subscriber that does not keep up loses its oldest updates (and is told how many), never
slows a turn down: publishing never waits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

log = logging.getLogger(__name__)

UpdateKind = Literal["message", "typing", "status", "event"]


class ConversationUpdate(BaseModel):
    """One thing that changed in a conversation.

    Payloads by kind:
        message: ``TranscriptEntry`` as JSON (seq, role patient|agent|staff, text, at) plus,
            for an agent reply, ``options`` (offered slots) and ``expecting``.
        typing: ``{"role": "agent"|"staff", "typing": bool}``.
        status: ``ConversationSummary`` as JSON.
        event: ``TurnEvent`` as JSON (kind, data).
    """

    conversation_id: str
    kind: UpdateKind
    payload: dict[str, Any] = Field(default_factory=dict)
    at: datetime | None = None


class Subscription:
    """An async iterator of updates for one subscriber, with a bounded queue."""

    def __init__(self, conversation_id: str | None, maxsize: int) -> None:
        self.conversation_id = conversation_id
        self.dropped = 0
        """Updates lost because this subscriber fell behind (oldest first)."""
        self._queue: asyncio.Queue[ConversationUpdate] = asyncio.Queue(maxsize=maxsize)

    def wants(self, update: ConversationUpdate) -> bool:
        return self.conversation_id is None or self.conversation_id == update.conversation_id

    def offer(self, update: ConversationUpdate) -> None:
        """Queue ``update`` without waiting; drop the oldest one when full."""
        while True:
            try:
                self._queue.put_nowait(update)
                return
            except asyncio.QueueFull:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except asyncio.QueueEmpty:  # pragma: no cover - raced by the reader
                    pass

    async def get(self) -> ConversationUpdate:
        """The next update (waits for one)."""
        return await self._queue.get()

    def __aiter__(self) -> AsyncIterator[ConversationUpdate]:
        return self

    async def __anext__(self) -> ConversationUpdate:
        return await self._queue.get()


class ConversationBus(Protocol):
    """Where conversation updates go and where screens listen."""

    async def publish(self, update: ConversationUpdate) -> None:
        """Deliver ``update`` to every current subscriber; never waits for a slow one."""
        ...

    def subscribe(
        self, conversation_id: str | None = None, *, maxsize: int = 256
    ) -> AbstractAsyncContextManager[Subscription]:
        """``async with bus.subscribe(cid) as updates: async for u in updates: ...``;
        ``conversation_id=None`` hears every conversation (the staff queue)."""
        ...

    async def ping(self) -> None:
        """Return when the bus can carry updates now; raise when its medium is unreachable
        or this process has stopped hearing it (for ``/readyz``)."""
        ...


class InProcessBus:
    """The bus of a single process: one bounded queue per subscriber."""

    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    async def publish(self, update: ConversationUpdate) -> None:
        for subscription in list(self._subscriptions):
            if subscription.wants(update):
                subscription.offer(update)

    def subscribe(
        self, conversation_id: str | None = None, *, maxsize: int = 256
    ) -> AbstractAsyncContextManager[Subscription]:
        return self._subscription(conversation_id, maxsize)

    @asynccontextmanager
    async def _subscription(
        self, conversation_id: str | None, maxsize: int
    ) -> AsyncIterator[Subscription]:
        subscription = Subscription(conversation_id, maxsize)
        self._subscriptions.add(subscription)
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)
            if subscription.dropped:
                log.info("a slow subscriber lost %d updates", subscription.dropped)

    async def ping(self) -> None:
        return None  # in memory: up whenever the process is

    @property
    def subscribers(self) -> int:
        """How many subscriptions are open (for tests and metrics)."""
        return len(self._subscriptions)
