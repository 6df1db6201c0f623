"""Live updates across replicas through Redis pub/sub (``FRONTDESK_REDIS_URL``).

One channel carries every conversation's updates; each replica filters for its own
subscribers. Pub/sub keeps nothing: a replica that is down misses updates, and its screens
catch up from the directory on reconnect, as after any dropped WebSocket.
"""

from __future__ import annotations

from typing import Any

from graphs.buses.relay import Codec, RelayBus

CHANNEL = "frontdesk:conversation-updates"


class RedisBus(RelayBus):
    """A bus on Redis pub/sub."""

    def __init__(
        self,
        url: str,
        *,
        channel: str = CHANNEL,
        seal: Codec | None = None,
        unseal: Codec | None = None,
    ) -> None:
        super().__init__(seal=seal, unseal=unseal)
        try:
            import redis.asyncio as redis
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise RuntimeError("the Redis bus needs: pip install 'frontdesk[api]'") from exc
        self._client: Any = redis.Redis.from_url(url)
        self._channel = channel

    async def _send(self, body: bytes) -> None:
        await self._client.publish(self._channel, body)

    async def _ping(self) -> None:
        await self._client.ping()

    async def _listen(self) -> None:
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self._channel)
            self._heard()
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    await self._deliver(message["data"])
        finally:
            await pubsub.aclose()

    async def aclose(self) -> None:
        await super().aclose()
        await self._client.aclose()
