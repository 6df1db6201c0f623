"""A caller waiting for staff is still listened to: a turn that makes the call more urgent
escalates it.

Once a call is handed off, the graph waits in ``staff_wait`` and the caller's turns are only
recorded (``graphs.takeover``). Things get worse while people wait ("il ne respire plus"), and
an urgent handoff may have asked the one question that tells it from an emergency
(``agent.urgency.follow_up``: "La douleur est-elle très forte ?"). So every held turn is read by
the same red-flag rules, with the call's earlier turns; a yes to that question counts as its
emergency. When the level rises, the staff Task is raised to the new priority (or, when the
record cannot be changed, a new one is queued), the console gets an ``escalated`` event, and
the caller hears the emergency number at once, unless staff already have the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.replies import message
from agent.tools import TaskPriorityArgs, ToolError
from agent.understanding import Language, UrgencyLevel
from agent.urgency import FollowUp, RedFlag, UrgencyAssessment, answered, decision
from graphs.context import CallContext
from graphs.events import Heard, TurnEvent
from graphs.nodes.common import Update
from graphs.nodes.guardrail import read_turn, urgency_reply
from graphs.nodes.handoff import PRIORITY, summary
from graphs.nodes.staff import queue_task
from graphs.state import CallState


@dataclass
class Held:
    """What a held turn changes: state fields, the agent's reply (if any) and events."""

    fields: dict[str, Any] = field(default_factory=dict)
    reply: str | None = None
    events: list[TurnEvent] = field(default_factory=list)


async def hear_while_held(
    values: dict[str, Any], line: str, heard: Heard | None, ctx: CallContext
) -> Held:
    """Read a turn said while the call waits for staff; escalate it if it is worse.

    ``values`` is the saved state before the turn (its transcript does not hold ``line``).
    """
    held = Held()
    if not line:
        return held
    language: Language = values.get("language") or ctx.clinic.default_language
    staff_present = bool(values.get("staff"))
    flags = list(
        read_turn(
            line,
            language=language,
            transcript=values.get("transcript", []),
            channel=values.get("channel"),
            heard=heard,
        ).flags
    )
    asked = values.get("urgency_question")
    if asked:
        held.fields["urgency_question"] = None  # whatever came back answers it
    # With staff on the conversation, a yes may answer their own question instead.
    follow = FollowUp.model_validate(asked) if asked and not staff_present else None
    if follow is not None and (yes := answered(follow, line, language)) is not None:
        flags.insert(0, yes)
    current = UrgencyLevel(values.get("urgency") or "routine")
    level = max((flag.level for flag in flags), key=lambda u: u.rank, default=current)
    if level.rank <= current.rank:
        if follow is not None:
            held.reply = _after_answer(
                held, follow, line, bool(values.get("keypad")), ctx, language
            )
        return held
    await _escalate(held, values, flags, level, ctx)
    if not staff_present:
        third_party = any(flag.third_party for flag in flags if flag.level is level)
        codes = [flag.code for flag in flags]
        key, params = urgency_reply(ctx.clinic, codes, level, third_party=third_party)
        held.reply = message(key, language, ctx.tz, params)
    return held


def _after_answer(
    held: Held, follow: FollowUp, line: str, keypad: bool, ctx: CallContext, language: Language
) -> str:
    """What the caller hears after an answer that changed nothing: thanks, or on a phone line
    whose answer said neither yes nor no, the question once more with a key for yes (a lone
    "oui" is the word a line loses most: "Wage")."""
    if keypad and not follow.again and decision(line) is None:
        again = follow.model_copy(update={"again": True})
        held.fields["urgency_question"] = again.model_dump()
        return message("urgency_again", language, ctx.tz, {"question": again.question(language)})
    return message("urgency_answer_noted", language, ctx.tz)


async def _escalate(
    held: Held,
    values: dict[str, Any],
    flags: list[RedFlag],
    level: UrgencyLevel,
    ctx: CallContext,
) -> None:
    language: Language = values.get("language") or "en"
    raised = [flag for flag in flags if flag.level is level]
    note = UrgencyAssessment(level=level, flags=raised).handoff_note(language)
    codes = sorted({*values.get("red_flags", []), *(flag.code for flag in flags)})
    held.fields.update(urgency=level.value, red_flags=codes, urgency_note=note)
    # The record staff see, as ``handoff`` wrote it, now at this level.
    state: CallState = {**values, **held.fields, "handoff_reason": level.value}  # type: ignore[typeddict-item]
    update = Update(state)
    record = dict(values.get("handoff") or {})
    record.update(reason=level.value, urgency=level.value, red_flags=codes, summary=summary(update))
    record["task_id"] = await _raise_task(update, record, level, ctx)
    held.fields["handoff"] = record
    held.events.append(TurnEvent(kind="escalated", data=record))


async def _raise_task(
    update: Update, record: dict[str, Any], level: UrgencyLevel, ctx: CallContext
) -> str | None:
    """The handoff Task at ``level``'s priority: the same Task raised, or a new one."""
    priority = PRIORITY[level.value]
    # The same fields as the handoff's description (red flags, note), now at this level.
    why = f"Escalated to {level.value} while waiting: {record['summary']}"
    task_id = record.get("task_id")
    if task_id is not None:
        raised = await ctx.tools.raise_task_priority(
            TaskPriorityArgs(task_id=task_id, priority=priority, note=why[:2000]), update.scope()
        )
        if not isinstance(raised, ToolError):
            return raised.task_id
    # No Task, or one the record cannot change (still in the outbox, EHR refused): staff must
    # still see the emergency, so it gets a Task of its own.
    details = f"{record['summary']}; escalated while waiting"
    created = await queue_task(
        update, ctx, code="handoff", details=details, priority=priority, promise=False, event=False
    )
    return created or task_id
