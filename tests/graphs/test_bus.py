"""The in-process bus: subscribers hear their conversation (or all), a slow one loses its
oldest updates and never makes a publisher wait."""

from __future__ import annotations

import asyncio

from graphs.bus import ConversationUpdate, InProcessBus


def update(conversation_id: str, n: int) -> ConversationUpdate:
    return ConversationUpdate(conversation_id=conversation_id, kind="event", payload={"n": n})


async def test_subscribers_hear_their_conversation_or_all() -> None:
    bus = InProcessBus()
    async with bus.subscribe("a") as only_a, bus.subscribe() as everything:
        await bus.publish(update("a", 1))
        await bus.publish(update("b", 2))
        assert (await only_a.get()).payload == {"n": 1}
        assert [(await everything.get()).conversation_id for _ in range(2)] == ["a", "b"]
        assert only_a._queue.empty()
        assert bus.subscribers == 2
    assert bus.subscribers == 0


async def test_a_slow_subscriber_drops_the_oldest_and_never_blocks() -> None:
    bus = InProcessBus()
    async with bus.subscribe("a", maxsize=3) as slow:
        # 100 publishes complete at once although nobody reads.
        await asyncio.wait_for(
            asyncio.gather(*(bus.publish(update("a", n)) for n in range(100))), timeout=5
        )
        assert slow.dropped == 97
        assert [(await slow.get()).payload["n"] for _ in range(3)] == [97, 98, 99]


async def test_updates_iterate_until_the_subscriber_leaves() -> None:
    bus = InProcessBus()
    seen: list[int] = []

    async def listen() -> None:
        async with bus.subscribe("a") as updates:
            async for u in updates:
                seen.append(u.payload["n"])
                if len(seen) == 2:
                    return

    task = asyncio.create_task(listen())
    while bus.subscribers == 0:
        await asyncio.sleep(0)
    await bus.publish(update("a", 1))
    await bus.publish(update("a", 2))
    await task
    assert seen == [1, 2] and bus.subscribers == 0
