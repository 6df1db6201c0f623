"""The urgency guardrail: deterministic red-flag rules on every turn, before any brain.

Emergency: the caller hears the emergency number at once and the call goes to a human.
Urgent: a priority handoff. Urgency in the state is the maximum over the call: nothing,
not even a brain, lowers it.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.clinic import ClinicConfig
from agent.nlu.language import detect_language
from agent.nlu.normalize import normalize
from agent.understanding import Language, UrgencyLevel
from agent.urgency import UrgencyAssessment, assess, follow_up
from graphs.context import CallContext
from graphs.events import Heard
from graphs.nodes.common import Update
from graphs.state import CallState

EARLIER_TURNS = 6
"""How many previous patient turns the red-flag rules may combine with the current one."""


def emergency_numbers(clinic: ClinicConfig, flags: list[str], level: UrgencyLevel) -> list[str]:
    """The numbers to read (agent.clinic.emergency): the crisis line first for suicidal talk,
    the emergency numbers for an emergency, the advice line then the emergency number for an
    urgent call."""
    if any("suicid" in f for f in flags):
        return clinic.emergency.to_say("crisis")
    return clinic.emergency.to_say("emergency" if level is UrgencyLevel.EMERGENCY else "urgent")


def raise_urgency(
    update: Update,
    level: UrgencyLevel,
    *,
    flags: list[str],
    note: str | None,
    third_party: bool,
    clinic: ClinicConfig,
) -> None:
    """Record ``level`` if it is higher than the call's, and queue the handoff it calls for."""
    update.set(red_flags=sorted({*update.get("red_flags", []), *flags}))
    if level > update.urgency():
        update.set(urgency=level.value)
    if level < UrgencyLevel.URGENT:
        return
    update.set(handoff_reason=level.value, urgency_note=note)
    key, params = urgency_reply(clinic, flags, level, third_party=third_party)
    update.say(key, **params)


def urgency_reply(
    clinic: ClinicConfig, flags: list[str], level: UrgencyLevel, *, third_party: bool
) -> tuple[str, dict[str, Any]]:
    """What an urgent or emergency call hears first: the message key and the numbers to read."""
    numbers = emergency_numbers(clinic, flags, level)
    if level is UrgencyLevel.EMERGENCY:
        return ("emergency_third_party" if third_party else "emergency"), {"numbers": numbers}
    return "urgent", {"numbers": numbers}


def read_turn(
    text: str,
    *,
    language: Language,
    transcript: list[Any],
    channel: str | None,
    heard: Heard | None,
) -> UrgencyAssessment:
    """The red-flag rules on a turn, with the call's earlier patient turns (``transcript``,
    without this turn: "I'm pregnant" then "I'm bleeding" fire across turns) and, on a call,
    how speech recognition heard it."""
    earlier = [line for role, line in transcript if role == "patient"]
    on_call = channel == "voice"
    hearing = heard if on_call and heard is not None else Heard()
    return assess(
        text,
        language=language,
        earlier_turns=earlier[-EARLIER_TURNS:],
        heard=on_call and not hearing.unclear,  # a transcript: sound-alikes are read too
        also_heard=hearing.alternatives,  # bounded like the turn itself (``ingest``)
    )


async def urgency_guardrail(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Assess the turn with the red-flag rules; emergency or urgent goes straight to handoff."""
    text = state.get("text") or ""
    update = Update(state)
    if not text:
        return update.values
    detected = detect_language(normalize(text))
    if detected is not None and detected in runtime.context.clinic.languages:
        # The emergency reply must be in the caller's words even before the brain runs.
        update.set(language=detected)
    assessment = read_turn(
        text,
        language=update.language(),
        transcript=state.get("transcript", [])[:-1],  # it already ends with this turn (ingest)
        channel=state.get("channel"),
        heard=Heard.model_validate(state.get("heard") or {}),
    )
    level = UrgencyLevel(assessment.level)
    if assessment.advice:
        # A general question ("what should someone do if they have chest pain?"): the caller
        # hears whom to call, and the conversation goes on (no handoff about this caller).
        codes = [flag.code for flag in assessment.advice]
        worst = max((flag.level for flag in assessment.advice), key=lambda u: u.rank)
        numbers = emergency_numbers(runtime.context.clinic, codes, worst)
        update.say("emergency_advice", numbers=numbers)
    if level >= UrgencyLevel.URGENT:
        raise_urgency(
            update,
            level,
            flags=assessment.codes,
            note=assessment.handoff_note(update.language()),
            third_party=bool(assessment.third_party),
            clinic=runtime.context.clinic,
        )
    if level is UrgencyLevel.URGENT and (asked := follow_up(assessment.flags)) is not None:
        # The one question that tells this call from an emergency, asked while staff come:
        # the answer is read by ``graphs.escalation`` (the Task is queued before it).
        question = asked.question(update.language())
        update.say("urgency_question", question=question[:1].lower() + question[1:])
        update.set(urgency_question=asked.model_dump())
    return update.values
