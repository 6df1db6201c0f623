"""Whole calls with the LLM brain chain: a model that over-fills its answers, a model that is
down, and what each turn reports about the brain that read it."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from agent.brains import build_brain
from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from agent.settings import Settings
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine
from tests.fakes.openai_endpoint import FakeOpenAI, HTTPError
from tests.fakes.overfill import overfill
from tests.graphs.talk import Call
from tests.graphs.test_booking import booked_for


@pytest.fixture
def overfilling() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(brain=RulesBrain(), tamper=overfill, server="llamacpp") as fake:
        yield fake


def llm_call(url: str, backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock) -> Call:
    settings = Settings(brain="openai", openai_base_url=url, openai_model="fake-model")
    engine = Engine(backend=backend, clinic=clinic, brain=build_brain(settings), clock=clock)
    return Call(engine, "conv-llm")


async def book_in_french(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say(
        "Bonjour, je voudrais prendre un rendez-vous",
        "Élodie Fournier, née le 30 novembre 1986",
        "jeudi après-midi, avec n'importe quel médecin",
    )
    offer = call.results[-1]
    assert offer.expecting == "slot_choice", call.transcript()
    chosen = offer.options[1]
    readback = await call.say("le deuxième")
    assert readback.expecting == "confirm", call.transcript()
    done = await call.say("oui")
    assert [e.kind for e in done.events if e.kind == "booked"] == ["booked"], call.transcript()
    assert await booked_for(backend, "pat-0005") == [(chosen.slot_id, chosen.practitioner_id)]


async def test_an_over_filling_model_still_books_what_the_caller_asked(
    overfilling: FakeOpenAI, backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    call = llm_call(overfilling.base_url, backend, clinic, clock)

    await book_in_french(call, backend)

    dropped = {f for data in call.events("brain_dropped") for f in data["fields"]}
    assert {"choice", "time", "practitioner_name"} <= dropped  # the invented values
    assert call.events("brain_fallback") == []
    assert all(r.brain is not None and r.brain.brain == "openai" for r in call.results[1:])


async def test_a_model_that_is_down_costs_the_caller_nothing(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    call = llm_call(url, backend, clinic, clock)

    await book_in_french(call, backend)

    reasons = [data["reason"] for data in call.events("brain_fallback")]
    assert reasons[0] == "unavailable"
    assert set(reasons[1:]) == {"skipped_unhealthy"}
    assert len(reasons) == 5  # every patient turn, each one recorded
    assert all(r.brain is not None and r.brain.brain == "rules" for r in call.results[1:])


async def test_each_turn_says_which_brain_read_it_and_its_cost(
    overfilling: FakeOpenAI, backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    call = llm_call(overfilling.base_url, backend, clinic, clock)
    await call.start(language="en")

    result = await call.say("Hello, I'd like to book an appointment")

    assert result.brain is not None
    assert (result.brain.brain, result.brain.llm_calls) == ("openai", 1)
    assert result.brain.prompt_tokens > 500 and result.brain.completion_tokens > 0


async def test_brain_counters_count_fallbacks_and_cost_for_metrics(
    overfilling: FakeOpenAI, backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    from graphs.brain_metrics import BrainCounters

    call = llm_call(overfilling.base_url, backend, clinic, clock)
    counters = BrainCounters()
    call.engine.listeners.append(counters)
    await call.start(language="en")
    overfilling.play(HTTPError(503), HTTPError(503), HTTPError(503))

    await call.say("Hello, I'd like to book an appointment", "Michael Brown, born 25 August 1972")

    counted = counters.snapshot()
    assert counted["fallbacks"] == {"server_error": 1, "skipped_unhealthy": 1}
    assert counted["turns_by_brain"] == {"rules": 2}
    assert counted["llm"]["calls"] == 3
