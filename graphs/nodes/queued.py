"""Several requests in one turn, served in order.

"My repeat prescription and also an appointment next week", "are you open on Saturdays and
where can I park?": the first request is served as usual; the others wait in
``state["queued"]``. When the task under way completes (the agent would ask "anything
else?"), the next one starts without the caller having to say it again: a booking goes on to
the slot search with the wish already said ("next week"), a staff request is queued or asks
its details, a practice question is answered.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.tools import TaskCode
from agent.understanding import Intent, Understanding
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update
from graphs.nodes.prompts import reprompt
from graphs.nodes.respond import KB
from graphs.nodes.respond import respond as render_reply
from graphs.nodes.slot_rules import merge_constraints
from graphs.nodes.staff import queue_task
from graphs.state import CallState, Constraints

_STAFF: dict[Intent, TaskCode] = {
    Intent.PRESCRIPTION: "prescription-renewal",
    Intent.BILLING: "billing",
    Intent.RESULTS: "results",
}
_SERVED = frozenset({Intent.BOOK, *_STAFF})
"""What can start on its own once the first request is done."""
_VISITS = frozenset({Intent.BOOK, Intent.RESCHEDULE, Intent.CANCEL})


def remember(update: Update, u: Understanding) -> None:
    """Keep the requests said beside this turn's first one, for later in the call."""
    queued: list[dict[str, Any]] = [{"topic": t} for t in u.more_topics]
    second = u.then_intent
    if second in _SERVED and not (second in _VISITS and u.intent in _VISITS):
        # "Cancel Thursday and book next week" is one move, never a second booking.
        reading = u.model_copy(update={"intent": second, "then_intent": None, "more_topics": []})
        queued.append({"intent": second.value, "understanding": reading.model_dump(mode="json")})
    if queued:
        update.set(queued=queued)


def _drop_anything_else(update: Update) -> None:
    update.set(say=[p for p in update.get("say", []) if p[0] != "anything_else"])


async def serve_next(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Start the next queued request if the task under way just completed ({} otherwise)."""
    queued = list(state.get("queued") or [])
    if (
        not queued
        or state.get("phase") != "anything_else"
        or state.get("ended")
        or state.get("handoff")
    ):
        return {}
    update = Update(state)
    update.values.pop("route")
    _drop_anything_else(update)
    while queued:
        item = queued.pop(0)
        if "topic" in item:
            if item["topic"] in runtime.context.clinic.knowledge_base:
                update.say(KB, topic=item["topic"])
            continue
        intent = Intent(item["intent"])
        u = Understanding.model_validate(item["understanding"])
        update.set(queued=queued)
        if intent is Intent.BOOK:
            constraints = merge_constraints(Constraints(), u)
            task = {"intent": intent.value, "constraints": constraints.model_dump()}
            update.set(**{**TASK_RESET, **task})
            if update.patient() is None:
                _ask(update, "identity")
            else:
                # On to the search with the wish already said ("next week"); its rules apply.
                update.set(phase="intent").route("slot_search")
            return update.values
        code = _STAFF[intent]
        details = u.medication if intent is Intent.PRESCRIPTION else None
        if details and update.patient() is not None:
            await queue_task(update, runtime.context, code=code, details=details)
            continue
        request = {"code": code, "details": details}
        update.set(**{**TASK_RESET, "intent": intent.value, "request": request})
        _ask(update, "details" if update.patient() is not None else "identity")
        return update.values
    update.set(queued=[])
    if sum(p[0] == KB for p in update.get("say", [])) < 2:
        update.say("anything_else")  # two answers already make a long reply: the caller goes on
    return update.values


async def respond(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """The ``respond`` node: start the next queued request if one waits, then speak."""
    extra = await serve_next(state, runtime)
    if extra.get("route") == "slot_search":
        return extra  # the search speaks for this turn (graphs.routers.after_respond)
    spoken = await render_reply({**state, **extra}, runtime)  # type: ignore[typeddict-item]
    return {**extra, **spoken, "route": None}


def _ask(update: Update, phase: str) -> None:
    """Ask the question of ``phase`` for the next request."""
    update.set(phase=phase)
    reprompt(update)
