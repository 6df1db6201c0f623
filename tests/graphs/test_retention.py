"""Pruning keeps every conversation resumable, shrinks the file, and deletes idle ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from agent.settings import Settings
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.checkpoint import open_checkpointer
from graphs.engine import Engine
from graphs.retention import checkpoint_time, prune
from tests.conftest import PRACTICE_TZ
from tests.graphs.talk import Call

LINES = (
    "I'd like an appointment with Dr Dubois",
    "Michael Brown, born 25 August 1972",
    "the first one",
)


async def _conversations(settings: Settings, store: Path, clinic: ClinicConfig, clock, n: int):
    """n calls stopped at the read-back, plus one waiting for staff after a handoff."""
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock, checkpointer=saver
        )
        for i in range(n):
            call = Call(engine, f"c{i}")
            await call.start(language="en")
            await call.say(*LINES)
        waiting = Call(engine, "handoff")
        await waiting.start(language="en")
        handed = await waiting.say("I want to speak to a person please")
        assert handed.handed_off
        states = {cid: await engine.state(cid) for cid in [*(f"c{i}" for i in range(n)), "handoff"]}
        await backend.close()
    return states


async def test_prune_keeps_conversations_resumable_and_shrinks_the_file(
    store_file: Path, clinic: ClinicConfig, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    before = await _conversations(settings, store_file, clinic, clock, 20)
    report = await prune(
        sqlite_path=settings.checkpoint_path,
        postgres_url=None,
        now=datetime.now().astimezone(),
        retention=timedelta(days=30),
        vacuum=True,
    )
    assert report.conversations_kept == 21 and report.conversations_deleted == 0
    assert report.checkpoints_deleted >= 20 * 3
    assert report.bytes_after is not None and report.bytes_before is not None
    assert report.bytes_after < report.bytes_before
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock, checkpointer=saver
        )
        for cid, state in before.items():
            assert await engine.state(cid) == state
        done = await engine.turn("c3", "yes")  # the read-back survived: the yes books
        assert [e.kind for e in done.events] == ["booked"]
        waiting = await engine.turn("handoff", "hello?")
        assert waiting.handed_off  # still waiting for staff (the interrupt survived)
        resumed = await engine.staff_resume("handoff", "called back")
        assert not resumed.handed_off
        await backend.close()


async def test_idle_conversations_are_deleted_after_retention(
    store_file: Path, clinic: ClinicConfig, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    await _conversations(settings, store_file, clinic, clock, 2)
    later = datetime.now().astimezone() + timedelta(days=31)
    report = await prune(
        sqlite_path=settings.checkpoint_path,
        postgres_url=None,
        now=later,
        retention=timedelta(days=30),
    )
    assert report.conversations_deleted == 3 and report.conversations_kept == 0
    async with open_checkpointer(settings) as saver:
        assert [c async for c in saver.alist(None)] == []


def test_checkpoint_time_reads_the_uuid6_clock() -> None:
    from langgraph.checkpoint.base.id import uuid6

    stamp = checkpoint_time(str(uuid6()))
    assert abs((stamp - datetime.now().astimezone()).total_seconds()) < 5


async def test_postgres_prune_keeps_the_latest_and_deletes_idle(
    postgres_url: str, store_file: Path, clinic: ClinicConfig, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, checkpoint_url=postgres_url)
    before = await _conversations(settings, store_file, clinic, clock, 2)
    now = datetime.now().astimezone()
    report = await prune(
        sqlite_path=None, postgres_url=postgres_url, now=now, retention=timedelta(days=30)
    )
    assert report.conversations_kept >= 3 and report.conversations_deleted == 0
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock, checkpointer=saver
        )
        for cid, state in before.items():
            assert await engine.state(cid) == state
        assert len([c async for c in saver.alist({"configurable": {"thread_id": "c1"}})]) == 1
        await backend.close()
    report = await prune(
        sqlite_path=None,
        postgres_url=postgres_url,
        now=now + timedelta(days=31),
        retention=timedelta(days=30),
    )
    assert report.conversations_kept == 0
