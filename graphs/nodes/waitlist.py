"""Joining the waiting list from a conversation.

The caller asks for it ("put me on the waiting list", "prévenez-moi si une place se libère",
read by ``agent.nlu.waitlist``), or takes up the offer the slot search makes when nothing is
free in the window they want. It is a write like a booking: the caller is identified first,
the entry (practitioner, visit type, window) is read back, and only an explicit yes writes
it, under an idempotency key fixed at read-back. The entry is then offered freed slots by the
outreach service (``agent.outreach.waitlist``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from langgraph.runtime import Runtime

from agent.tools import ToolError
from agent.tools.models import JoinWaitlistArgs
from agent.understanding import Intent, Understanding
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, say_tool_error, understanding
from graphs.nodes.prompts import readback, reprompt
from graphs.nodes.slot_rules import merge_constraints, wants_slot_change
from graphs.nodes.slots import _resolve_practitioner
from graphs.state import CallState, Constraints, PendingWrite

_SEARCH_INTENTS = (Intent.BOOK, Intent.RESCHEDULE, Intent.WAITLIST)


def waitlist_wish(update: Update) -> dict[str, Any]:
    """What to keep of the task under way when the caller asks for the waiting list: the
    preferences of the search that found nothing suitable ("…if something opens up earlier"
    than the first slot offered)."""
    if update.intent() not in _SEARCH_INTENTS:
        return {}
    c = update.constraints()
    offered = update.offered()
    u = understanding(update.state)
    if offered and u.wants_earlier:
        c.before, c.after = offered[0].start, None
    c.declined = []
    return {"constraints": c.model_dump()}


def answer_waitlist_readback(update: Update, u: Understanding, *, competing: bool) -> None:
    """Route the caller's answer to "shall I put you on the waiting list …?"."""
    if u.affirmative is True and not competing:
        update.route("waitlist")
    elif competing:
        update.route("waitlist")  # another practitioner or window: read back again
    elif u.affirmative is False:
        update.say("waitlist_not_added").say("anything_else")
        update.set(**TASK_RESET, intent=None, phase="anything_else").route("respond")
    else:
        update.say("yes_or_no")
        reprompt(update)
        update.route("respond")


def _window(c: Constraints, ctx: CallContext) -> tuple[datetime | None, datetime | None]:
    """The window of the entry, practice-local (None, None: the practice's default one)."""
    zone, now = ctx.clinic.zone, ctx.clock.now()
    starts, ends = [], []
    if c.earliest_date:
        day = datetime.fromisoformat(c.earliest_date).date()
        starts.append(datetime.combine(day, time(0, 0), tzinfo=zone))
    if c.after:
        starts.append(datetime.fromisoformat(c.after))
    if c.latest_date:
        day = datetime.fromisoformat(c.latest_date).date() + timedelta(days=1)
        ends.append(datetime.combine(day, time(0, 0), tzinfo=zone))
    if c.before:
        ends.append(datetime.fromisoformat(c.before))
    start = max([*starts, now]) if starts else None
    end = min(ends) if ends else None
    if end is not None and end <= now:
        return None, None  # a window already over: the default one is all that is left
    return start, end


def _wish(c: Constraints, ctx: CallContext) -> dict[str, Any]:
    start, end = _window(c, ctx)
    zone = ctx.clinic.zone
    return {
        "practitioner_id": c.practitioner_ids[0] if len(c.practitioner_ids) == 1 else None,
        "practitioner": c.practitioner if len(c.practitioner_ids) == 1 else None,
        "service": c.service,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "from_day": start.astimezone(zone).date().isoformat() if start else None,
        "to_day": (end - timedelta(seconds=1)).astimezone(zone).date().isoformat() if end else None,
    }


async def waitlist(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Read the waitlist entry back, or write it after the caller's yes."""
    ctx = runtime.context
    update = Update(state)
    u = understanding(state)
    pending = update.pending()
    confirming = update.get("phase") == "confirm" and pending is not None
    if (
        pending is not None
        and confirming
        and pending.kind == "waitlist"
        and pending.wish is not None
        and u.affirmative is True
        and not wants_slot_change(u)
    ):
        return (await _join(update, ctx, pending)).values
    c = update.constraints()
    if confirming:
        c = merge_constraints(c, u)  # "with Dr Martin rather" said at the read-back
    if not await _resolve_practitioner(update, c, ctx):
        update.say("practitioner_unknown")
        c.practitioner_ids, c.practitioner = [], None
    writes = update.get("writes", 0) + 1
    key = f"frontdesk:{update.get('conversation_id')}:write-{writes}"
    pending = PendingWrite(kind="waitlist", key=key, wish=_wish(c, ctx))
    update.set(
        constraints=c.model_dump(), pending=pending.model_dump(), writes=writes, phase="confirm"
    )
    readback(update)
    return update.route("respond").values


async def _join(update: Update, ctx: CallContext, pending: PendingWrite) -> Update:
    wish = pending.wish or {}
    start, end = wish.get("start"), wish.get("end")
    result = await ctx.tools.join_waitlist(
        JoinWaitlistArgs(
            idempotency_key=pending.key,
            practitioner_id=wish.get("practitioner_id"),
            service_type=wish.get("service"),
            start=datetime.fromisoformat(start) if start else None,
            end=datetime.fromisoformat(end) if end else None,
        ),
        update.scope(),
    )
    if isinstance(result, ToolError):
        say_tool_error(update, result)
        update.set(pending=None, handoff_reason=f"write_failed:{result.code}")
        return update.route("handoff")
    update.saw(result.references())
    update.emit(
        "waitlist_joined",
        entry_id=result.entry_id,
        patient_id=update.scope().patient_id,
        practitioner_id=result.practitioner_id,
        start=start,
        end=end,
    )
    update.say("waitlist_joined").say("anything_else")
    return update.set(**TASK_RESET, intent=None, phase="anything_else").route("respond")
