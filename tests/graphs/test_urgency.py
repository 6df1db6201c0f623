"""Red flags through the engine: emergencies and urgent calls go to a human at once, with the
emergency number read to the caller; negations and routine turns do not; a brain may raise
urgency but never lower it."""

from __future__ import annotations

from typing import Any

import pytest

from agent.clinic import ClinicConfig
from agent.understanding import Brain, BrainContext, Intent, Understanding, UrgencyLevel
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Task
from graphs.engine import Engine
from graphs.events import Heard
from tests.graphs.talk import Call


async def handoff_tasks(backend: EmbeddedBackend) -> list[Task]:
    return await backend.list_tasks(code="handoff")


@pytest.mark.parametrize(
    ("language", "text", "numbers"),
    [
        ("fr", "J'ai une douleur dans la poitrine et j'ai du mal à respirer", ("15", "112")),
        ("en", "I'm pregnant and I've been bleeding since this morning", ("15", "112")),
        ("fr", "Je suis enceinte et je saigne depuis ce matin", ("15", "112")),
        ("en", "I think I'm having a stroke, my face is drooping", ("15", "112")),
    ],
)
async def test_emergency_is_handed_off_at_once_with_the_number(
    call: Call, backend: EmbeddedBackend, language: str, text: str, numbers: tuple[str, ...]
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    result = await call.say(text)
    assert result.handed_off
    assert all(n in result.reply for n in numbers), result.reply
    assert not result.options
    [event] = call.events("handoff")
    assert event["urgency"] == "emergency"
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"
    assert str(task.id) == event["task_id"]
    assert "urgency=emergency" in str(task.description)
    assert text in str(task.note[0].text)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "My father can't breathe"), ("fr", "Mon bébé de deux mois a 39,5 de fièvre")],
)
async def test_third_party_emergencies(
    call: Call, backend: EmbeddedBackend, language: str, text: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    result = await call.say(text)
    assert result.handed_off, result.reply
    assert "15" in result.reply
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("fr", "Je voudrais un rendez-vous, je suis enceinte de trois mois", "et je saigne un peu"),
        ("en", "I need an appointment, I'm 20 weeks pregnant", "I've been bleeding since today"),
    ],
)
async def test_red_flags_spread_over_two_turns_hand_off(
    call: Call, backend: EmbeddedBackend, language: str, first: str, second: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    assert not (await call.say(first)).handed_off
    result = await call.say(second)
    assert result.handed_off, result.reply
    assert "15" in result.reply
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "No chest pain, I just want to book an appointment"),
        ("fr", "Je n'ai pas de douleur thoracique, je voudrais juste un rendez-vous"),
    ],
)
async def test_negated_red_flags_do_not_hand_off(
    call: Call, backend: EmbeddedBackend, language: str, text: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    result = await call.say(text)
    assert not result.handed_off, result.reply
    assert result.expecting == "identity"
    assert await handoff_tasks(backend) == []


async def test_urgent_turn_is_a_priority_handoff(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    result = await call.say("I fell and I think I broke my wrist")
    assert result.handed_off, result.reply
    [task] = await handoff_tasks(backend)
    assert task.priority == "urgent"


async def test_emergency_in_the_middle_of_a_booking_writes_nothing(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like an appointment with Dr Dubois")
    await call.say("Michael Brown, born 25 August 1972")
    await call.say("the first one")
    result = await call.say("actually I have crushing chest pain right now")
    assert result.handed_off
    booked = await backend.list_appointments(patient_id="pat-0008", statuses=["booked"])
    assert booked == []
    [task] = await handoff_tasks(backend)
    assert "Patient/pat-0008" in str(task.description)
    assert task.for_fhir is not None and task.for_fhir.reference == "Patient/pat-0008"


async def test_turns_while_handed_off_rerun_nothing(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("My husband collapsed and is not breathing")
    again = await call.say("hello? is anyone there? he has chest pain")
    assert again.handed_off
    assert "staff" in again.reply
    assert len(await handoff_tasks(backend)) == 1


class _Raising:
    """A brain that reads every turn as an emergency (an LLM noticing something subtle)."""

    name = "raising"

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        return Understanding(intent=Intent.BOOK, urgency=UrgencyLevel.EMERGENCY)


class _Lowering:
    """A brain that would call everything routine, and records whether it was asked."""

    name = "lowering"

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        self.calls.append(text)
        return Understanding(intent=Intent.BOOK, urgency=UrgencyLevel.ROUTINE)


def _engine(
    backend: EmbeddedBackend, clinic: ClinicConfig, brain: Any, clock: FixedClock
) -> Engine:
    return Engine(backend=backend, clinic=clinic, brain=brain, clock=clock)


async def test_a_brain_may_raise_urgency(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    call = Call(_engine(backend, clinic, _Raising(), clock), "raise")
    await call.start(language="en")
    result = await call.say("I feel strange and want to book")
    assert result.handed_off
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"


async def test_a_brain_never_lowers_what_the_rules_found(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    brain = _Lowering()
    call = Call(_engine(backend, clinic, brain, clock), "lower")
    await call.start(language="en")
    result = await call.say("I have chest pain and I can't breathe")
    assert result.handed_off
    assert brain.calls == []  # the guardrail ran first and the brain never saw the turn
    state = await call.engine.state("lower")
    assert state["urgency"] == "emergency"


def test_brains_are_protocol_compliant() -> None:
    assert isinstance(_Lowering().name, str)
    assert isinstance(Brain, type)


async def test_a_voice_call_hears_a_misheard_red_flag_a_chat_would_not_guess(
    call: Call, engine: Engine
) -> None:
    # Whisper's "crise d'asme" for "crise d'asthme": on a call the guardrail reads it by sound.
    heard = "Bonjour, je fais une crise d'asme et la vente oligne ne fait rien."
    await call.start(language="fr", channel="voice")
    assert (await call.say(heard)).handed_off
    await engine.start("typed", language="fr")
    typed = await engine.turn("typed", heard)
    assert not typed.handed_off


async def test_a_red_flag_in_another_hearing_of_the_call_is_handed_off(engine: Engine) -> None:
    # Whisper's best hearing was "come out and hides"; the fourth one it kept, "in hives".
    best = "I've come out and hides all over after taking a new antibiotic."
    other = "I've come out in hives all over after taking a new antibiotic."
    await engine.start("call", language="en", channel="voice")
    result = await engine.turn("call", best, heard=Heard(alternatives=[other]))
    assert result.handed_off
    [handoff] = [e for e in result.events if e.kind == "handoff"]
    assert handoff.data["urgency"] == "urgent"
    await engine.start("no-other", language="en", channel="voice")
    assert not (await engine.turn("no-other", best)).handed_off


async def test_no_sound_alike_is_read_into_a_hearing_the_recogniser_called_noise(
    engine: Engine,
) -> None:
    # "Celui de 9 h 10, s'il vous plaît", heard as noise: "nof as" is no "nez cassé".
    noise = "Salut de nof as-dis, silvou-plaire."
    await engine.start("clear", language="fr", channel="voice")
    assert (await engine.turn("clear", noise)).handed_off  # what an unsure reading would do
    await engine.start("unclear", language="fr", channel="voice")
    assert not (await engine.turn("unclear", noise, heard=Heard(unclear=True))).handed_off
