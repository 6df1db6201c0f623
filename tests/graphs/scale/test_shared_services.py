"""The buses and locks of several machines: Redis pub/sub, Postgres LISTEN/NOTIFY and
advisory locks (two instances = two replicas' connections)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from graphs.bus import ConversationUpdate
from graphs.buses.pg_notify import PostgresBus
from graphs.buses.redis_pubsub import RedisBus
from graphs.buses.relay import RelayBus
from graphs.buses.sqlite import SqliteBus
from graphs.locks import PostgresLocks
from tests.graphs.scale.workers import entry_order


async def _relays(one: RelayBus, two: RelayBus) -> None:
    try:
        async with two.subscribe("a") as only_a:
            await one.publish(ConversationUpdate(conversation_id="b", kind="typing"))
            await one.publish(
                ConversationUpdate(conversation_id="a", kind="message", payload={"text": "hi"})
            )
            got = await asyncio.wait_for(only_a.get(), timeout=60)
            assert (got.conversation_id, got.payload) == ("a", {"text": "hi"})
    finally:
        await one.aclose()
        await two.aclose()


async def test_redis_bus_relays_between_replicas(redis_url: str) -> None:
    seal = {"seal": lambda b: b[::-1], "unseal": lambda b: b[::-1]}
    await _relays(RedisBus(redis_url, **seal), RedisBus(redis_url, **seal))


async def test_postgres_bus_relays_between_replicas(postgres_url: str) -> None:
    await _relays(PostgresBus(postgres_url), PostgresBus(postgres_url))


async def test_postgres_advisory_locks_exclude_across_replicas(postgres_url: str) -> None:
    first, second = PostgresLocks(postgres_url), PostgresLocks(postgres_url)
    try:
        order = await entry_order(first, second, 0.2)
    finally:
        await first.aclose()
        await second.aclose()
    assert order == ["first in", "first out", "second in"]


async def test_every_bus_answers_a_ping_while_its_medium_is_up(
    tmp_path: Path, redis_url: str, postgres_url: str
) -> None:
    buses: list[RelayBus] = [
        SqliteBus(tmp_path / "bus.sqlite"),
        RedisBus(redis_url),
        PostgresBus(postgres_url),
    ]
    try:
        for bus in buses:
            await bus.start()
            await bus.ping()  # raises when the medium does not answer
    finally:
        for bus in buses:
            await bus.aclose()
