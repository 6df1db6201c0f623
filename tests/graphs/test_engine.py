"""The turn API itself: greeting, result fields, wiring from settings, the graph's shape."""

from __future__ import annotations

from pathlib import Path

from agent.settings import Settings
from fhir_adapters.demo import is_seeded
from graphs.engine import build_engine
from graphs.graph import compile_graph
from tests.graphs.talk import Call


async def test_greeting_in_the_practice_language_or_the_channel_one(call: Call) -> None:
    french = await call.start()
    assert french.language == "fr"
    assert french.expecting == "greeting"
    assert not french.events and not french.options
    english = await call.engine.start("other", language="en", channel="voice")
    assert english.reply.startswith("Hello, you've reached Maison de santé des Tilleuls")


async def test_turn_results_carry_options_and_expectations(call: Call) -> None:
    await call.start(language="en")
    result = await call.say("I'd like to book with Dr Dubois", "Michael Brown, born 25 August 1972")
    assert result.expecting == "slot_choice"
    assert [o.index for o in result.options] == list(range(len(result.options)))
    assert all(o.practitioner == "Dr Thomas Dubois" for o in result.options)
    assert all(o.start.endswith("+01:00") for o in result.options)
    assert not result.handed_off and not result.ended


async def test_a_first_turn_without_start_opens_the_call(call: Call) -> None:
    result = await call.engine.turn("unopened", "What are your opening hours?")
    assert "Monday to Friday" in result.reply


async def test_build_engine_seeds_an_empty_store_once(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, now="2026-11-23T08:00:00+01:00", demo_weeks=1, brain="rules"
    )
    engine = await build_engine(settings)
    try:
        assert await is_seeded(engine.backend)
        await engine.start("built", language="en")
        result = await engine.turn("built", "I'd like an appointment with Dr Dubois")
        assert result.expecting == "identity"
    finally:
        await engine.aclose()
    assert (tmp_path / "checkpoints.sqlite").exists()
    again = await build_engine(settings)
    try:
        state = await again.state("built")
        assert state["intent"] == "book"  # the conversation was checkpointed on disk
    finally:
        await again.aclose()


def test_the_graph_has_the_nodes_a_reader_expects() -> None:
    nodes = set(compile_graph().get_graph().nodes)
    assert {
        "urgency_guardrail",
        "understand",
        "triage",
        "identify",
        "slot_search",
        "confirm",
        "book",
        "cancel",
        "reschedule",
        "appointments",
        "information",
        "staff_request",
        "handoff",
        "staff_wait",
        "respond",
    } <= nodes
