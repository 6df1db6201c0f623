"""Staff taking a conversation over: the agent goes silent, staff write to the patient, hand
it back or resolve it; every change reaches the bus and the directory, with or without a
handoff first, and survives a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.checkpoint import sqlite_checkpointer
from graphs.directory import SqliteDirectory
from graphs.engine import ConversationStateError, Engine, UnknownConversationError
from tests.graphs.conftest import drain


async def test_take_over_silences_the_agent_and_staff_write_to_the_patient(
    live_engine: Engine, directory: SqliteDirectory
) -> None:
    await live_engine.start("c", language="en", channel="web")
    async with live_engine.live.bus.subscribe("c") as updates:
        summary = await live_engine.take_over("c", "staff-1")
        assert summary is not None and summary.status == "staff"
        silent = await live_engine.turn("c", "Hello, is anyone there?")
        assert silent.reply == "" and silent.handed_off
        said = await live_engine.staff_message("c", "Hello, this is Anne.", "staff-1")
        published = drain(updates)
    assert said.role == "staff" and said.at is not None
    messages = [(u.payload["role"], u.payload["text"]) for u in published if u.kind == "message"]
    assert messages == [
        ("patient", "Hello, is anyone there?"),
        ("staff", "Hello, this is Anne."),
    ]
    roles = [e.role for e in await live_engine.transcript("c")]
    assert roles == ["agent", "patient", "staff"]
    stored = await directory.get("c")
    assert stored is not None and stored.status == "staff" and stored.handled_by == "staff-1"
    assert stored.channel == "web"

    back = await live_engine.hand_back("c", note="asked about parking")
    assert back.reply and back.seq == 3 and not back.handed_off
    answer = await live_engine.turn("c", "what are your opening hours?")
    assert "Monday" in answer.reply
    stored = await directory.get("c")
    assert stored is not None and stored.status == "active" and stored.turn_count == 2
    with pytest.raises(ConversationStateError):
        await live_engine.hand_back("c")


async def test_a_handoff_waits_then_staff_take_over_and_hand_back_without_a_second_task(
    live_engine: Engine, backend: EmbeddedBackend, directory: SqliteDirectory
) -> None:
    await live_engine.start("h", language="en")
    handed = await live_engine.turn("h", "I want to talk to a person")
    assert handed.handed_off
    stored = await directory.get("h")
    assert stored is not None and stored.status == "handed_off"
    assert stored.handoff_reason == "caller_request" and stored.outcomes == ["handoff"]
    hold = await live_engine.turn("h", "hello?")
    assert hold.handed_off and hold.reply  # nobody took it yet: "please hold on"
    await live_engine.take_over("h", "staff-2")
    assert (await live_engine.turn("h", "still there?")).reply == ""
    await live_engine.staff_message("h", "Yes, I am here.", "staff-2")
    back = await live_engine.hand_back("h", note="done")
    assert not back.handed_off and back.reply
    assert (await live_engine.state("h"))["staff_notes"] == ["done"]
    after = await live_engine.turn("h", "what are your opening hours?")
    assert "Monday" in after.reply and not after.handed_off
    assert len(await backend.list_tasks(code="handoff")) == 1
    texts = [(e.role, e.text) for e in await live_engine.transcript("h")]
    assert ("patient", "still there?") in texts and ("staff", "Yes, I am here.") in texts


async def test_resolve_closes_a_waiting_emergency_and_counts_it(
    live_engine: Engine, directory: SqliteDirectory
) -> None:
    await live_engine.start("e", language="en")
    emergency = await live_engine.turn("e", "I have a crushing chest pain and can't breathe")
    assert emergency.handed_off
    summary = await live_engine.resolve("e", note="called back, ambulance sent", staff_id="s-3")
    assert summary is not None and summary.status == "resolved" and summary.urgency == "stat"
    assert "emergency" in summary.outcomes
    listed = await directory.list(status="resolved")
    assert [s.id for s in listed] == ["e"]
    counts = await directory.counts()
    assert counts.by_outcome["emergency"] == 1 and counts.automated == 0


async def test_unknown_conversations_are_refused(live_engine: Engine) -> None:
    with pytest.raises(UnknownConversationError):
        await live_engine.take_over("nobody", "s")
    with pytest.raises(UnknownConversationError):
        await live_engine.staff_message("nobody", "hi", "s")
    with pytest.raises(UnknownConversationError):
        await live_engine.resolve("nobody")
    assert await live_engine.transcript("nobody") == []
    assert await live_engine.summary("nobody") is None


async def test_a_takeover_survives_a_restart(
    store_file: Path, clinic: ClinicConfig, clock: FixedClock, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.sqlite"
    for step in ("take over", "after restart"):
        async with sqlite_checkpointer(checkpoints) as saver:
            backend = EmbeddedBackend(store_file, tz=clinic.time_zone, clock=clock)
            engine = Engine(
                backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock, checkpointer=saver
            )
            if step == "take over":
                await engine.start("r", language="fr")
                await engine.take_over("r", "staff-1")
            else:
                assert (await engine.turn("r", "allô ?")).reply == ""
                await engine.hand_back("r")
                assert "lundi" in (await engine.turn("r", "quels sont vos horaires ?")).reply
            await backend.close()
