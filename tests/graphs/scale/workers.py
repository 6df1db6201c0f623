"""Code the scale-out tests run in child processes (spawned: importable, top-level)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from agent.settings import Settings
from graphs.engine import build_engine

NOW = "2026-11-23T08:00:00+01:00"


def settings(data_dir: Path, **extra: object) -> Settings:
    """The settings every process of one test shares (same data_dir, same key file)."""
    return Settings(data_dir=data_dir, now=NOW, demo_weeks=1, brain="rules", **extra)  # type: ignore[arg-type]


def post_turns(
    data_dir: str, conversation_id: str, tag: str, count: int, extra: dict[str, Any]
) -> None:
    """Post ``count`` patient turns tagged ``tag`` to one conversation, as fast as possible,
    through an engine built with the settings ``extra`` adds (locks, checkpoint database)."""

    async def run() -> None:
        engine = await build_engine(settings(Path(data_dir), **extra))
        try:
            for n in range(count):
                await engine.turn(conversation_id, f"What are your opening hours? {tag}-{n}")
        finally:
            await engine.aclose()

    asyncio.run(run())


def take_a_turn(data_dir: str, conversation_id: str) -> None:
    """Open a conversation and take one turn in an engine that publishes on the SQLite bus."""

    async def run() -> None:
        engine = await build_engine(settings(Path(data_dir), bus="sqlite"))
        try:
            await engine.start(conversation_id, language="en")
            await engine.turn(conversation_id, "What are your opening hours?")
        finally:
            await engine.aclose()

    asyncio.run(run())


async def entry_order(first: Any, second: Any, hold_s: float) -> list[str]:
    """Who enters the lock of "c1" when ``second`` asks while ``first`` holds it; other keys
    (``c2``, ``c3``) are taken at once by both."""
    order: list[str] = []
    entered = asyncio.Event()

    async def holder() -> None:
        async with first.hold("c1"):
            order.append("first in")
            entered.set()
            await asyncio.sleep(hold_s)
            order.append("first out")

    async def waiter() -> None:
        await entered.wait()
        async with second.hold("c1"):
            order.append("second in")

    await asyncio.gather(holder(), waiter())
    async with first.hold("c2"), second.hold("c3"):
        pass
    return order
