"""The shared part of every cross-process bus: encode, send, hear back, fan out locally.

A ``RelayBus`` publishes each update to a medium every process reads (a SQLite table, Redis
pub/sub, Postgres NOTIFY) and delivers what it hears from that medium to its own subscribers
through an ``InProcessBus``; an update published here therefore reaches this process's
screens the same way as another process's. Updates carry transcript lines, so the body is
sealed with the at-rest keyring when the server encrypts.

Publishing never fails a turn: a medium that is down loses the live update (screens catch up
on their next read), it is logged, and the patient's turn carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from graphs.bus import ConversationUpdate, InProcessBus, Subscription

log = logging.getLogger(__name__)

Codec = Callable[[bytes], bytes]


class RelayBus:
    """Base of the cross-process buses; subclasses implement ``_send`` and ``_listen``.

    Args:
        seal: encrypts a body before it leaves the process (none when None).
        unseal: the inverse of ``seal``.
    """

    def __init__(self, *, seal: Codec | None = None, unseal: Codec | None = None) -> None:
        self._seal = seal
        self._unseal = unseal
        self._local = InProcessBus()
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._starting = asyncio.Lock()
        self._hearing = False
        """The listener is connected to the medium (set by ``_heard``)."""

    async def publish(self, update: ConversationUpdate) -> None:
        body = update.model_dump_json().encode()
        try:
            await self._send(self._seal(body) if self._seal else body)
        except Exception as exc:  # a live update must never break the patient's turn
            log.warning("live update not sent (%s)", type(exc).__name__)

    def subscribe(
        self, conversation_id: str | None = None, *, maxsize: int = 256
    ) -> AbstractAsyncContextManager[Subscription]:
        return self._subscription(conversation_id, maxsize)

    @asynccontextmanager
    async def _subscription(
        self, conversation_id: str | None, maxsize: int
    ) -> AsyncIterator[Subscription]:
        await self.start()
        async with self._local.subscribe(conversation_id, maxsize=maxsize) as subscription:
            yield subscription

    async def start(self) -> None:
        """Start hearing the medium (done by the first ``subscribe``); returns once listening."""
        async with self._starting:
            if self._listener is None or self._listener.done():
                self._ready.clear()
                self._listener = asyncio.create_task(self._listen_forever())
        await self._ready.wait()

    async def aclose(self) -> None:
        """Stop listening and release the medium."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None

    async def ping(self) -> None:
        """Reach the medium (a round trip); raise when it does not answer, or when this
        process's listener lost it and is still reconnecting."""
        if self._listener is not None and not self._listener.done() and not self._hearing:
            raise ConnectionError("the live bus listener is reconnecting")
        await self._ping()

    @property
    def subscribers(self) -> int:
        """Open subscriptions in this process."""
        return self._local.subscribers

    async def _deliver(self, body: bytes) -> None:
        try:
            raw = self._unseal(body) if self._unseal else body
            update = ConversationUpdate.model_validate_json(raw)
        except Exception as exc:  # a foreign or stale-key message: skip it, keep listening
            log.warning("unreadable live update skipped (%s)", type(exc).__name__)
            return
        await self._local.publish(update)

    async def _listen_forever(self) -> None:
        delay = 0.1
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the medium went away: listen again after a pause
                self._hearing = False
                log.warning("live bus listener restarting (%s)", type(exc).__name__)
                self._ready.set()  # subscribers must not hang while the medium is down
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _heard(self) -> None:
        """Called by ``_listen`` once it listens: subscribers may go on, and the bus is up."""
        self._hearing = True
        self._ready.set()

    async def _send(self, body: bytes) -> None:
        raise NotImplementedError

    async def _ping(self) -> None:
        """One round trip to the medium; raises when it does not answer."""
        raise NotImplementedError

    async def _listen(self) -> None:
        """Hear the medium until cancelled: call ``self._heard()`` once listening, then
        ``self._deliver(body)`` for each body."""
        raise NotImplementedError
