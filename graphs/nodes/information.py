"""Practice information, from the clinic's knowledge only (its answers, sites, services and
files, ``graphs.nodes.knowledge``); never medical advice, never a guess."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import CallContext
from graphs.nodes.common import Update, understanding
from graphs.nodes.knowledge import answer_by_retrieval, answer_for_sites, closer_passage
from graphs.nodes.prompts import reprompt
from graphs.nodes.respond import KB
from graphs.state import CallState

CALLBACK_TOPICS = {"teleconsultation": "Teleconsultation requested"}
"""Topics whose answer offers to pass a request to the staff."""
_TASK_PHASES = ("slot_preferences", "slot_choice", "confirm", "appointment_choice", "details")


async def information(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Answer a knowledge-base topic, then get back to the task under way (if any)."""
    update = Update(state)
    u = understanding(state)
    topic = u.topic or update.get("site_question")
    ctx = runtime.context
    update.set(site_question=None)
    sited = answer_for_sites(update, ctx, topic, u) if topic is not None else False
    if sited is None:
        return update.values  # asked "which site?"
    if sited:
        pass  # each site's own hours or address
    elif topic is not None and closer_passage(update, ctx, topic):
        pass  # the practice wrote a closer answer than the topic's
    elif topic is None or topic not in ctx.clinic.knowledge_base:
        if await answer_by_retrieval(update, ctx) is None:
            # "I have a question": nothing asked yet, so say what can be asked.
            update.say("info_topics")
            return update.set(
                phase="intent" if update.get("phase") not in _TASK_PHASES else update.get("phase")
            ).values
    else:
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
