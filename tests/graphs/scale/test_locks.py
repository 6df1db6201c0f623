"""One turn at a time per conversation across processes: file locks on one machine."""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid
from pathlib import Path

import pytest

from graphs.engine import build_engine
from graphs.locks import FileLocks, advisory_id, open_locks
from graphs.transcript import entries
from tests.graphs.scale.workers import entry_order, post_turns, settings

TURNS = 6


async def test_two_file_lock_sets_on_one_folder_exclude_each_other(tmp_path: Path) -> None:
    first, second = FileLocks(tmp_path), FileLocks(tmp_path)  # two "processes"
    assert await entry_order(first, second, 0.05) == ["first in", "first out", "second in"]


def test_lock_ids_are_stable_and_auto_picks_by_database(tmp_path: Path) -> None:
    assert advisory_id("conversation-1") == advisory_id("conversation-1")
    assert advisory_id("conversation-1") != advisory_id("conversation-2")
    assert isinstance(open_locks("auto", folder=tmp_path, postgres_url=None), FileLocks)
    with pytest.raises(ValueError):
        open_locks("postgres", folder=tmp_path, postgres_url=None)


def _race(data_dir: Path, conversation_id: str, **extra: object) -> list[tuple[str, str]]:
    """Two processes post ``TURNS`` turns each to one conversation; its transcript after."""

    async def opening() -> None:
        engine = await build_engine(settings(data_dir, **extra))
        try:
            await engine.start(conversation_id, language="en")
        finally:
            await engine.aclose()

    asyncio.run(opening())
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=post_turns, args=(str(data_dir), conversation_id, tag, TURNS, extra))
        for tag in ("p0", "p1")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0

    async def transcript() -> list[tuple[str, str]]:
        engine = await build_engine(settings(data_dir, **extra))
        try:
            return [(e.role, e.text) for e in entries(await engine.state(conversation_id))]
        finally:
            await engine.aclose()

    return asyncio.run(transcript())


def _assert_one_turn_at_a_time(lines: list[tuple[str, str]]) -> None:
    patient = [text for role, text in lines if role == "patient"]
    expected = {f"{tag}-{n}" for tag in ("p0", "p1") for n in range(TURNS)}
    assert {text.rsplit(" ", 1)[-1] for text in patient} == expected  # no turn lost
    assert len(patient) == 2 * TURNS
    # No interleaving: every patient line is answered before the next patient line.
    roles = [role for role, _ in lines[1:]]
    assert roles == ["patient", "agent"] * (2 * TURNS)


def test_two_processes_posting_to_one_conversation_lose_and_interleave_nothing(
    tmp_path: Path,
) -> None:
    _assert_one_turn_at_a_time(_race(tmp_path, "shared", conversation_locks="file"))


def test_two_engines_on_postgres_advisory_locks_take_turns_one_at_a_time(
    tmp_path: Path, postgres_url: str
) -> None:
    # Checkpoints, locks and the bus all in Postgres, as on several machines; no file lock.
    conversation_id = f"pg-lock-{uuid.uuid4().hex}"  # the cluster is shared by the session
    lines = _race(
        tmp_path, conversation_id, checkpoint_url=postgres_url, conversation_locks="postgres"
    )
    _assert_one_turn_at_a_time(lines)


@pytest.mark.parametrize("kind", ["local", "file"])
async def test_a_task_holding_a_key_may_hold_it_again_and_others_still_wait(
    tmp_path: Path, kind: str
) -> None:
    locks = open_locks(kind, folder=tmp_path, postgres_url=None)
    order: list[str] = []

    async def other() -> None:
        async with locks.hold("c1"):
            order.append("other in")

    async with locks.hold("c1"):
        async with asyncio.timeout(2), locks.hold("c1"):  # re-entered, not deadlocked
            order.append("inner")
        # A task started inside the hold inherits its context, yet must wait its turn.
        waiting = asyncio.create_task(other())
        await asyncio.sleep(0.1)
        order.append("outer out")
    await asyncio.wait_for(waiting, 2)
    assert order == ["inner", "outer out", "other in"]
