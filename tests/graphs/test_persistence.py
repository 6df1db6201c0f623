"""Conversations survive a restart (SQLite by default, Postgres when configured), and a
resumed or retried turn never writes twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.clinic import ClinicConfig
from agent.settings import Settings
from agent.understanding import Brain
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.checkpoint import open_checkpointer, sqlite_checkpointer
from graphs.engine import Engine
from graphs.transcript import entries
from tests.conftest import PRACTICE_TZ
from tests.graphs.talk import Call

BOOKING_TO_READ_BACK = (
    "I'd like an appointment with Dr Dubois",
    "Michael Brown, born 25 August 1972",
    "the first one",
)


async def _booked(store: Path, clock: FixedClock, patient_id: str) -> list[Any]:
    backend = EmbeddedBackend(store, tz=PRACTICE_TZ, clock=clock)
    try:
        return await backend.list_appointments(patient_id=patient_id, statuses=["booked"])
    finally:
        await backend.close()


async def test_a_new_process_continues_the_conversation_and_books_once(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.sqlite"
    async with sqlite_checkpointer(checkpoints) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        first = Call(
            Engine(backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver),
            "c",
        )
        await first.start(language="en")
        readback = await first.say(*BOOKING_TO_READ_BACK)
        assert readback.expecting == "confirm"
        await backend.close()
    # The first engine is gone; a new one opens the same files.
    async with sqlite_checkpointer(checkpoints) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        done = await engine.turn("c", "yes")
        assert [e.kind for e in done.events] == ["booked"]
        again = await engine.turn("c", "yes")
        assert not [e for e in again.events if e.kind == "booked"]
        await engine.turn("c", "no thanks, goodbye")
        await backend.close()
    booked = await _booked(store_file, clock, "pat-0008")
    assert len(booked) == 1
    assert booked[0].appointment_id == done.events[0].data["appointment_id"]


class _CrashingSaver(AsyncSqliteSaver):
    """A checkpointer whose next save fails, as if the process died right after a write."""

    crash_next = False

    async def aput(self, *args: Any, **kwargs: Any) -> Any:
        if type(self).crash_next:
            type(self).crash_next = False
            raise RuntimeError("process killed")
        return await super().aput(*args, **kwargs)


async def test_a_turn_retried_after_a_crash_does_not_book_twice(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.sqlite"
    async with _CrashingSaver.from_conn_string(str(checkpoints)) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        call = Call(engine, "crash")
        await call.start(language="en")
        await call.say(*BOOKING_TO_READ_BACK)
        _CrashingSaver.crash_next = True
        # The booking is written, the checkpoint is not: the caller hears of a problem.
        trouble = await engine.turn("crash", "yes")
        assert "technical problem" in trouble.reply
        assert not trouble.events
        await backend.close()
    assert len(await _booked(store_file, clock, "pat-0008")) == 1
    async with sqlite_checkpointer(checkpoints) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        retried = await engine.turn("crash", "yes")  # the channel re-sends the same turn
        assert [e.kind for e in retried.events] == ["booked"]
        await backend.close()
    booked = await _booked(store_file, clock, "pat-0008")
    assert len(booked) == 1
    assert booked[0].appointment_id == retried.events[0].data["appointment_id"]


async def test_a_handoff_survives_a_restart_and_staff_resume_it(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.sqlite"
    async with sqlite_checkpointer(checkpoints) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        await engine.start("h", language="en")
        assert (await engine.turn("h", "I want to talk to a person")).handed_off
        await backend.close()
    async with sqlite_checkpointer(checkpoints) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        waiting = await engine.turn("h", "hello?")
        assert waiting.handed_off
        back = await engine.staff_resume("h")
        assert not back.handed_off
        assert len(await backend.list_tasks(code="handoff")) == 1
        await backend.close()


# ---- Postgres ------------------------------------------------------------------------------


async def test_postgres_checkpoints_carry_a_conversation_across_engines(
    postgres_url: str, store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock
) -> None:
    settings = Settings(checkpoint_url=postgres_url)
    thread = f"pg-{brain.name}"  # one cluster serves both brains' runs
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        call = Call(
            Engine(backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver),
            thread,
        )
        await call.start(language="en")
        await call.say(*BOOKING_TO_READ_BACK)
        await backend.close()
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        done = await engine.turn(thread, "yes")
        assert [e.kind for e in done.events] == ["booked"]
        await engine.turn(thread, "yes")
        await backend.close()
    assert len(await _booked(store_file, clock, "pat-0008")) == 1


async def test_a_turn_reads_its_checkpoint_once_and_still_sees_every_write(
    clinic: ClinicConfig,
    brain: Brain,
    clock: FixedClock,
    store_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str] = []
    read = AsyncSqliteSaver.aget_tuple

    async def counted(self: Any, config: Any) -> Any:
        reads.append(config["configurable"]["thread_id"])
        return await read(self, config)

    monkeypatch.setattr(AsyncSqliteSaver, "aget_tuple", counted)
    async with sqlite_checkpointer(tmp_path / "checkpoints.sqlite") as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        await engine.start("once", language="en")
        reads.clear()
        first = await engine.turn("once", "What are your opening hours?")
        assert reads == ["once"]  # the engine's look and the graph run share one read
        second = await engine.turn("once", "Where are you located?")
        lines = [(e.role, e.text) for e in entries(await engine.state("once"))]
        await backend.close()
    assert ("agent", first.reply) in lines and ("agent", second.reply) in lines
    patient = [text for role, text in lines if role == "patient"]
    assert patient == ["What are your opening hours?", "Where are you located?"]
