"""Practice information, from the clinic's knowledge base only; never medical advice."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import CallContext
from graphs.nodes.common import Update, understanding
from graphs.nodes.prompts import reprompt
from graphs.nodes.respond import KB
from graphs.state import CallState

CALLBACK_TOPICS = {"teleconsultation": "Teleconsultation requested"}
"""Topics whose answer offers to pass a request to the staff."""
_TASK_PHASES = ("slot_preferences", "slot_choice", "confirm", "appointment_choice", "details")


async def information(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Answer a knowledge-base topic, then get back to the task under way (if any)."""
    update = Update(state)
    topic = understanding(state).topic
    if topic is None or topic not in runtime.context.clinic.knowledge_base:
        update.say("info_topics")
        return update.set(
            phase="intent" if update.get("phase") not in _TASK_PHASES else update.get("phase")
        ).values
    update.say(KB, topic=topic)
    if topic in CALLBACK_TOPICS and update.get("phase") not in _TASK_PHASES:
        # The practice's answer offers to pass the request on: a yes next turn queues it.
        update.set(request={"code": "callback", "details": CALLBACK_TOPICS[topic]})
        return update.set(phase="anything_else").values
    if update.get("phase") in _TASK_PHASES:
        reprompt(update)
        return update.values
    update.say("anything_else")
    return update.set(phase="anything_else").values
