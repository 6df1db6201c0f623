"""Postgres restarts in the middle of calls (checkpoints, advisory locks and the bus in it).

Three calls are under way on one engine when the database goes down *inside* a booking turn,
after the appointment was written and before the turn was checkpointed. While it is down,
turns are refused (``not_taken``) with the "please say it again" reply, within the pool's
wait (no hang); nothing of a refused turn is saved. Once it is back, every call carries on
from where it was, and the interrupted booking exists exactly once.

Bounded: one cluster of its own (the session's is never restarted), a handful of turns, and a
retry loop after the restart that gives up after 60 attempts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.replies import message
from agent.settings import Settings
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine, build_engine
from graphs.events import TurnResult
from graphs.transcript import entries
from tests.conftest import PRACTICE_TZ, PostgresCluster
from tests.graphs.scale.workers import settings as worker_settings

TO_READ_BACK = (
    "I'd like an appointment with Dr Dubois",
    "Michael Brown, born 25 August 1972",
    "the first one",
)


@pytest.fixture
def cluster() -> Iterator[PostgresCluster]:
    own = PostgresCluster()
    own.start()
    try:
        yield own
    finally:
        own.remove()


class StopsPostgresAfterBooking:
    """The store, except that the first booking brings the database down once written."""

    def __init__(self, inner: SchedulingBackend, cluster: PostgresCluster) -> None:
        self._inner = inner
        self._cluster = cluster
        self.stopped = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def book(self, request: Any) -> Any:
        appointment = await self._inner.book(request)
        if not self.stopped:
            self.stopped = True
            await asyncio.to_thread(self._cluster.stop, "immediate")  # as in a crash
        return appointment


def _failed(result: TurnResult) -> bool:
    return result.not_taken is not None and not result.events


async def _until_taken(engine: Engine, conversation_id: str, text: str) -> TurnResult:
    """The client's retry: say it again until the turn is taken (the pools reconnect)."""
    for _ in range(60):
        result = await engine.turn(conversation_id, text)
        if not _failed(result):
            return result
        await asyncio.sleep(0.5)
    raise AssertionError("the conversation did not resume after Postgres came back")


async def _patient_lines(engine: Engine, conversation_id: str) -> list[str]:
    return [e.text for e in entries(await engine.state(conversation_id)) if e.role == "patient"]


async def test_calls_survive_a_postgres_restart_and_book_once(
    cluster: PostgresCluster, tmp_path: Path, clock: FixedClock
) -> None:
    wrapper: list[StopsPostgresAfterBooking] = []

    def wrap(backend: SchedulingBackend) -> SchedulingBackend:
        wrapper.append(StopsPostgresAfterBooking(backend, cluster))
        return wrapper[0]  # type: ignore[return-value]

    config: Settings = worker_settings(tmp_path, checkpoint_url=cluster.url, postgres_wait_s=1.0)
    engine = await build_engine(config, clock=clock, wrap_backend=wrap)
    try:
        for cid in ("booking", "asking", "opening"):
            await engine.start(cid, language="en")
        for line in TO_READ_BACK:
            readback = await engine.turn("booking", line)
        assert readback.expecting == "confirm"
        await engine.turn("asking", "What are your opening hours?")
        asking_before = await _patient_lines(engine, "asking")

        # Down inside the booking turn: the appointment is written, the checkpoint is not.
        interrupted = await engine.turn("booking", "yes")
        assert wrapper[0].stopped
        assert _failed(interrupted)
        assert "say that again" in interrupted.reply

        # While it is down: every turn is refused at once, with the same clear answer (in the
        # practice's language: the call's own is in the database that is down).
        for cid, line in (("asking", "Where are you located?"), ("opening", "hello")):
            refused = await engine.turn(cid, line)
            assert _failed(refused)
            assert refused.reply == message("technical_problem", refused.language, PRACTICE_TZ)
        with pytest.raises(Exception):  # noqa: B017 - any connection error will do
            await engine.live.bus.ping()

        await asyncio.to_thread(cluster.start)

        # Back: the booking call resumes at its read-back; "yes" replays the same booking.
        booked = await _until_taken(engine, "booking", "yes")
        assert [e.kind for e in booked.events] == ["booked"]
        # The refused turn left nothing behind; the next one is answered normally.
        assert await _patient_lines(engine, "asking") == asking_before
        located = await _until_taken(engine, "asking", "Where are you located?")
        assert located.reply and not located.handed_off
        assert await _patient_lines(engine, "asking") == [*asking_before, "Where are you located?"]
        greeted = await _until_taken(engine, "opening", "I'd like an appointment")
        assert greeted.expecting is not None
        await engine.live.bus.ping()
    finally:
        await engine.aclose()
    store = EmbeddedBackend(tmp_path / "frontdesk.sqlite", tz=PRACTICE_TZ, clock=clock)
    try:
        appointments = await store.list_appointments(patient_id="pat-0008", statuses=["booked"])
    finally:
        await store.close()
    assert len(appointments) == 1  # written once, though the turn ran twice
