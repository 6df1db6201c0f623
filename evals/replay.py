"""Replay one scenario: a simulated caller talks to the engine, then the store is checked.

The engine's own time is measured around ``start``/``turn`` only (the simulator and the
checks are not the agent's latency).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from agent.clinic import ClinicConfig
from agent.understanding import UrgencyLevel
from evals.checks import evaluate
from evals.patients import SimulatedPatient
from evals.results import LLMRun, RunResult, Turn
from evals.scenario import Hook, Scenario
from evals.state import Snapshot, diff, snapshot
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import SchedulingError
from fhir_adapters.queries import Actor, BookingRequest
from graphs.events import HANDOFF_EVENTS, TurnResult

HOOK_ACTOR = Actor(name="eval-hook")
TURN_TIMEOUT_S = 30.0
"""The default limit of one engine turn (``Settings.eval_turn_timeout_s`` overrides it)."""


class Engine(Protocol):
    """The turn API of ``graphs.engine.Engine`` that a replay drives."""

    async def start(
        self, conversation_id: str, caller_phone: str | None = None, language: str | None = None
    ) -> TurnResult: ...

    async def turn(self, conversation_id: str, text: str) -> TurnResult: ...


EngineFactory = Callable[[SchedulingBackend, ClinicConfig, FixedClock, Callable[[], str]], Any]
"""Builds an engine from (backend, clinic, clock, id_factory)."""


def seeded_ids(seed: str) -> Callable[[], str]:
    """A deterministic UUID factory, so ids (and everything derived) repeat across runs."""
    rng = random.Random(seed)
    return lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _urgency(value: object) -> UrgencyLevel | None:
    try:
        return UrgencyLevel(str(value))
    except ValueError:
        return {"stat": UrgencyLevel.EMERGENCY}.get(str(value))


class _Call:
    """The running state of one replay."""

    def __init__(self, scenario: Scenario, backend: SchedulingBackend) -> None:
        self.scenario = scenario
        self.backend = backend
        self.transcript: list[Turn] = []
        self.engine_ms: list[float] = []
        self.handoff_urgencies: list[UrgencyLevel] = []
        self.handed_off = False
        self.hook_appointments: set[str] = set()
        self.offers_seen = 0
        self.llm = LLMRun()

    def record(self, result: TurnResult, elapsed_ms: float) -> None:
        self.engine_ms.append(elapsed_ms)
        events = [e.model_dump(mode="json") for e in result.events]
        self._count_brain(result)
        self.transcript.append(
            Turn(
                role="agent",
                text=result.reply,
                expecting=result.expecting,
                engine_ms=round(elapsed_ms, 3),
                events=events,
                brain=result.brain.model_dump(mode="json") if result.brain else None,
            )
        )
        self.handed_off = self.handed_off or result.handed_off
        for event in result.events:
            if event.kind in HANDOFF_EVENTS:
                self.handed_off = True
                level = _urgency(event.data.get("urgency", "routine"))
                if level is not None:
                    self.handoff_urgencies.append(level)

    def _count_brain(self, result: TurnResult) -> None:
        llm = self.llm
        for event in result.events:
            if event.kind == "brain_fallback":
                reason = str(event.data.get("reason"))
                llm.fallbacks[reason] = llm.fallbacks.get(reason, 0) + 1
            elif event.kind == "brain_dropped":
                llm.dropped_fields += len(event.data.get("fields") or [])
        turn = result.brain
        if turn is None:
            return
        llm.turns_by_brain[turn.brain] = llm.turns_by_brain.get(turn.brain, 0) + 1
        llm.calls += turn.llm_calls
        llm.prompt_tokens += turn.prompt_tokens
        llm.completion_tokens += turn.completion_tokens
        llm.cached_tokens += turn.cached_tokens
        if turn.llm_calls:
            llm.llm_ms.append(turn.llm_ms)

    async def run_hooks(self, result: TurnResult) -> None:
        if not result.options:
            return
        self.offers_seen += 1
        for hook in self.scenario.hooks:
            if hook.occurrence == self.offers_seen and hook.option < len(result.options):
                await self._take_slot(hook, result.options[hook.option].slot_id)

    async def _take_slot(self, hook: Hook, slot_id: str) -> None:
        request = BookingRequest(
            slot_id=slot_id,
            patient_id=hook.for_patient,
            idempotency_key=f"eval-hook-{self.scenario.id}-{slot_id}",
            actor=HOOK_ACTOR,
        )
        try:
            appointment = await self.backend.book(request)
        except SchedulingError as exc:
            note = f"(hook could not take slot {slot_id}: {exc})"
        else:
            self.hook_appointments.add(str(appointment.id))
            note = f"(meanwhile another patient books slot {slot_id})"
        self.transcript.append(Turn(role="system", text=note))


def _heard(engine: object, conversation_id: str) -> str | None:
    """What an engine behind a voice channel read of the last line (None for text)."""
    last_heard = getattr(engine, "last_heard", None)
    return last_heard(conversation_id) if callable(last_heard) else None


async def _timed(awaitable: Any, limit_s: float) -> tuple[TurnResult, float]:
    began = time.perf_counter()
    result = await asyncio.wait_for(awaitable, limit_s)
    return result, (time.perf_counter() - began) * 1000


async def replay(
    scenario: Scenario,
    *,
    backend: SchedulingBackend,
    engine: Engine,
    patient: SimulatedPatient,
    clinic: ClinicConfig,
    run: int = 0,
    before: Snapshot | None = None,
    turn_timeout_s: float = TURN_TIMEOUT_S,
) -> RunResult:
    """Play the call to its end (hang-up, handoff, end of call or max turns) and check it.

    ``before`` is the store's state at the start, when the caller already knows it;
    ``turn_timeout_s`` the limit of one engine turn (a slow model needs more).
    """
    call = _Call(scenario, backend)
    if before is None:
        before = await snapshot(backend)
    cid = f"eval-{scenario.id}-{run}"
    patient_turns = 0
    error: str | None = None
    try:
        result, ms = await _timed(
            engine.start(
                cid, caller_phone=scenario.patient.caller_phone, language=scenario.language
            ),
            turn_timeout_s,
        )
        call.record(result, ms)
        while not result.ended and patient_turns < scenario.speech.max_turns:
            await call.run_hooks(result)
            line = await patient.respond(result)
            if line is None:
                break
            patient_turns += 1
            said = Turn(role="patient", text=line)
            call.transcript.append(said)
            result, ms = await _timed(engine.turn(cid, line), turn_timeout_s)
            said.heard = _heard(engine, cid)
            call.record(result, ms)
    except Exception as exc:  # a crash is a failed replay with its reason, never a lost run
        error = f"{type(exc).__name__}: {exc}"
    after = await snapshot(backend)
    changes = diff(before, after, ignore_appointments=call.hook_appointments)
    verdict = evaluate(
        scenario,
        changes,
        replies=[t.text for t in call.transcript if t.role == "agent"],
        handoff_urgencies=call.handoff_urgencies,
        emergency_numbers=list(clinic.emergency_numbers.values()),
        tz=clinic.time_zone,
    )
    return RunResult(
        scenario_id=scenario.id,
        category=scenario.category.value,
        language=scenario.language,
        run=run,
        passed=verdict.passed and error is None,
        checks=verdict.checks,
        transcript=call.transcript,
        patient_turns=patient_turns,
        engine_ms=call.engine_ms,
        handed_off=call.handed_off or bool(verdict.observed_urgency > UrgencyLevel.ROUTINE),
        expected_urgency=scenario.expect.urgency,
        observed_urgency=verdict.observed_urgency,
        writes=verdict.writes,
        wrongful_writes=verdict.wrongful_writes,
        error=error,
        source=scenario.source,
        patient=getattr(patient, "description", type(patient).__name__),
        llm=call.llm,
    )
