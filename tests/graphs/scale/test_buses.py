"""Live updates reach every process: a subscriber here sees a turn taken in another process."""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

from graphs.bus import ConversationUpdate
from graphs.buses import bus_kind, open_bus
from graphs.buses.relay import RelayBus
from graphs.buses.sqlite import SqliteBus
from tests.graphs.scale.workers import settings, take_a_turn


async def test_a_subscriber_sees_a_turn_taken_in_another_process(tmp_path: Path) -> None:
    bus = open_bus(settings(tmp_path, bus="sqlite"))
    assert isinstance(bus, SqliteBus)
    seen: list[ConversationUpdate] = []
    try:
        async with bus.subscribe("elsewhere") as updates:
            child = multiprocessing.get_context("spawn").Process(
                target=take_a_turn, args=(str(tmp_path), "elsewhere")
            )
            child.start()

            async def collect() -> None:
                async for update in updates:
                    seen.append(update)
                    said = [u.payload.get("role") for u in seen if u.kind == "message"]
                    if said[-2:] == ["patient", "agent"]:
                        return

            await asyncio.wait_for(collect(), timeout=240)  # a safety net, not a measurement
            await asyncio.to_thread(child.join, 60)
    finally:
        await bus.aclose()
    roles = [u.payload["role"] for u in seen if u.kind == "message"]
    assert roles[-2:] == ["patient", "agent"]
    assert all(u.conversation_id == "elsewhere" for u in seen)
    # The table holds sealed bodies only: no transcript text readable on disk.
    assert b"opening hours" not in (tmp_path / "bus.sqlite").read_bytes()


async def test_sqlite_bus_relays_between_two_instances_and_filters(tmp_path: Path) -> None:
    one, two = SqliteBus(tmp_path / "bus.sqlite", poll_s=0.01), SqliteBus(tmp_path / "bus.sqlite")
    try:
        async with two.subscribe("a") as only_a, two.subscribe() as everything:
            await one.publish(ConversationUpdate(conversation_id="b", kind="typing"))
            await one.publish(ConversationUpdate(conversation_id="a", kind="status"))
            assert (await only_a.get()).kind == "status"
            assert [(await everything.get()).conversation_id for _ in range(2)] == ["b", "a"]
    finally:
        await one.aclose()
        await two.aclose()


async def test_a_bus_whose_medium_is_gone_never_fails_the_publisher(tmp_path: Path) -> None:
    bus = SqliteBus(tmp_path / "bus.sqlite")
    await bus.aclose()  # the connection is closed: sending fails
    await bus.publish(ConversationUpdate(conversation_id="x", kind="typing"))


async def test_auto_picks_the_bus_from_the_settings(tmp_path: Path) -> None:
    assert bus_kind(settings(tmp_path)) == "memory"
    assert bus_kind(settings(tmp_path, workers=2)) == "sqlite"
    assert bus_kind(settings(tmp_path, redis_url="redis://127.0.0.1:1/0")) == "redis"
    assert bus_kind(settings(tmp_path, checkpoint_url="postgresql://x/y")) == "postgres"
    bus = open_bus(settings(tmp_path, workers=2))
    assert isinstance(bus, RelayBus)
    await bus.aclose()
