"""Every turn reaches the bus (typing, the patient's line, the reply with its options, events,
status) and the directory, in the order a screen needs them."""

from __future__ import annotations

from fhir_adapters.clock import FixedClock
from graphs.directory import SqliteDirectory
from graphs.engine import Engine
from tests.graphs.conftest import drain


async def test_a_turn_publishes_typing_lines_options_and_status(
    live_engine: Engine, directory: SqliteDirectory, clock: FixedClock
) -> None:
    engine = live_engine
    greeting = await engine.start("w", language="en", channel="web")
    assert greeting.seq == 0
    await engine.turn("w", "I'd like an appointment with Dr Dubois")
    async with engine.live.bus.subscribe("w") as updates:
        offer = await engine.turn("w", "Michael Brown, born 25 August 1972")
        published = drain(updates)
    assert offer.options and offer.seq == 4
    kinds = [u.kind for u in published]
    assert kinds == ["typing", "message", "message", "status"]
    patient, agent = published[1].payload, published[2].payload
    assert patient["role"] == "patient" and patient["seq"] == 3
    assert agent["role"] == "agent" and agent["seq"] == 4 and agent["text"] == offer.reply
    assert [o["slot_id"] for o in agent["options"]] == [o.slot_id for o in offer.options]
    assert published[3].payload["patient_id"] == "pat-0008"
    stored = await directory.get("w")
    assert stored is not None and stored.turn_count == 2 and stored.channel == "web"
    entries = await engine.transcript("w")
    assert [e.seq for e in entries] == [0, 1, 2, 3, 4]
    assert all(e.at == clock.now() for e in entries)
