"""Ask the brain what the patient meant, in the context of the conversation.

The brain only reads: it returns an ``Understanding``. It may raise urgency (never lower
it) and tells which language the caller speaks. A brain that fails or times out counts as
"not understood", never as a crashed call.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from langgraph.runtime import Runtime

from agent.brains.base import BrainReading
from agent.nlu.waitlist import wants_waitlist
from agent.understanding import BrainContext, Intent, OfferedOption, Understanding, UrgencyLevel
from graphs.context import CallContext
from graphs.nodes.common import TRANSCRIPT_FOR_BRAIN, Update
from graphs.nodes.guardrail import raise_urgency
from graphs.state import CallState

log = logging.getLogger(__name__)

BRAIN_CHARS = 1000
"""What the brain reads of a long turn (the guardrail has read all of it)."""


def brain_context(state: CallState, context: CallContext) -> BrainContext:
    """What the brain is told before reading the turn."""
    transcript = state.get("transcript", [])[:-1][-TRANSCRIPT_FOR_BRAIN:]
    last_agent = next((t for r, t in reversed(transcript) if r == "agent"), None)
    # "The second one" refers to the listed appointments when choosing one to change.
    choices = (
        state.get("appointments", [])
        if state.get("phase") == "appointment_choice"
        else state.get("offered", [])
    )
    offered = [
        OfferedOption(
            index=o["index"],
            start=datetime.fromisoformat(o["start"]),
            practitioner_name=o.get("practitioner"),
        )
        for o in choices
    ]
    catalog = context.catalog
    return BrainContext(
        language=state.get("language", "en"),
        phase=state.get("phase", "greeting"),
        now=context.clock.now().astimezone(context.clinic.zone),
        last_agent_reply=last_agent,
        offered=offered,
        transcript=[(r, t) for r, t in transcript],
        practitioner_names=[p.name for p in catalog.practitioners],
        specialties=catalog.specialties,
        services=catalog.services,
        topics=list(context.clinic.knowledge_base),
        channel="voice" if state.get("channel") == "voice" else "text",
    )


async def understand(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Run the brain on the turn; switch language, raise urgency if it says so."""
    text = state.get("text") or ""
    update = Update(state)
    if not text:
        return update.set(understanding={}).values
    context = runtime.context
    reading = await _read(context, text[:BRAIN_CHARS], brain_context(state, context))
    understood = reading.understanding
    if understood.intent is not Intent.HUMAN and wants_waitlist(text):
        # Asking for the waiting list is read by rule, whichever brain read the rest.
        understood = understood.model_copy(update={"intent": Intent.WAITLIST})
    for kind, data in reading.events:
        update.emit(kind, **data)
    usage = reading.usage
    update.set(
        brain_turn={
            "brain": reading.brain,
            "llm_calls": usage.calls,
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "cached_tokens": usage.cached_tokens,
            "llm_ms": round(usage.llm_ms, 1),
        }
    )
    if understood.language and understood.language in context.clinic.languages:
        update.set(language=understood.language)
    raised = understood.urgency
    if raised is not None and raised >= UrgencyLevel.URGENT and raised > update.urgency():
        raise_urgency(
            update,
            raised,
            flags=[f"brain:{understood.urgency_reason or 'unspecified'}"],
            note=understood.urgency_reason,
            third_party=False,
            clinic=context.clinic,
        )
    return update.set(understanding=understood.model_dump(mode="json")).values


async def _read(context: CallContext, text: str, brain_context: BrainContext) -> BrainReading:
    """The brain's reading, with its events and cost when it reports them (a chain does)."""
    brain = context.brain
    try:
        read_turn = getattr(brain, "read_turn", None)
        if read_turn is not None:
            reading: BrainReading = await read_turn(text, brain_context)
            return reading
        return BrainReading(await brain.understand(text, brain_context), brain.name)
    except Exception as exc:  # a brain failure is a turn not understood, not a crash
        log.warning("brain %s failed: %s", brain.name, type(exc).__name__)
        return BrainReading(Understanding(), brain.name)
