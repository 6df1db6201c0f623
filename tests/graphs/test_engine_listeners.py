"""Turn listeners: told of every turn, never able to break one."""

from __future__ import annotations

from agent.brains.rules import RulesBrain
from agent.clinic import load_clinic
from agent.settings import DEMO_CLINIC_FILE
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine
from graphs.events import TurnResult


async def test_listeners_see_every_turn_and_a_failing_one_is_ignored(clock) -> None:
    clinic = load_clinic(DEMO_CLINIC_FILE)
    backend = EmbeddedBackend(":memory:", tz=clinic.time_zone, clock=clock)
    await seed_demo_clinic(backend, seed=42, tz=clinic.time_zone, start=clock.now().date(), weeks=2)
    engine = Engine(backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock)
    seen: list[TurnResult] = []

    async def record(result: TurnResult) -> None:
        seen.append(result)

    async def broken(result: TurnResult) -> None:
        raise RuntimeError("listener down")

    engine.listeners += [broken, record]
    greeting = await engine.start("c1", language="en")
    reply = await engine.turn("c1", "what are your opening hours?")
    assert [r.reply for r in seen] == [greeting.reply, reply.reply]
    assert reply.reply
    await backend.close()
