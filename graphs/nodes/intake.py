"""Opening a call (greet) and taking in each patient turn (ingest)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import CallContext
from graphs.events import Heard
from graphs.nodes.common import TASK_RESET, Update
from graphs.state import CallState
from graphs.transcript import times

MAX_TURN_CHARS = 2000
"""Longer turns are cut: nobody says more in one breath, and it bounds the brain's work."""

PER_TURN: dict[str, Any] = {
    "say": [],
    "events": [],
    "options": [],
    "understanding": {},
    "brain_turn": {},
    "handoff_reason": None,
    "route": None,
    "reply": "",
    "ended": False,
}


async def greet(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Start the call: greet in the practice's (or the channel's) language, ask the reason."""
    clinic = runtime.context.clinic
    language = state.get("language") or clinic.default_language
    if language not in ("fr", "en"):
        language = clinic.default_language
    update = Update(state).set(
        **PER_TURN,
        **TASK_RESET,
        language=language,
        transcript=[],
        transcript_at=[],
        turn_count=0,
        phase="greeting",
        intent=None,
        failures=0,
        urgency="routine",
        red_flags=[],
        urgency_note=None,
        handoff=None,
        handoffs=0,
        urgency_question=None,
        identity={},
        patient=None,
        seen_ids=[],
        writes=0,
    )
    return update.say("greeting", clinic=clinic.name).values


def clean_turn(text: str | None) -> str:
    """A patient's words as the transcript keeps them: one line, bounded."""
    return " ".join((text or "").split())[:MAX_TURN_CHARS]


async def ingest(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Take in a patient turn: bound its length, log it, clear what belongs to one turn."""
    text = clean_turn(state.get("text"))
    transcript = [*state.get("transcript", []), ["patient", text]]
    heard = Heard.model_validate(state.get("heard") or {})
    others = [clean_turn(other) for other in heard.alternatives]
    return {
        **PER_TURN,
        "text": text,
        "heard": heard.model_copy(update={"alternatives": others}).model_dump(),
        "transcript": transcript,
        "transcript_at": times(state, 1, runtime.context.clock.now()),
        "turn_count": state.get("turn_count", 0) + 1,
    }
