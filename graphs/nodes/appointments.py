"""The identified patient's appointments: check them, or pick the one to cancel or move."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langgraph.runtime import Runtime

from agent.tools import AppointmentInfo, ListAppointmentsArgs, ToolError
from agent.understanding import Intent, Understanding
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, understanding
from graphs.nodes.slot_rules import move_from
from graphs.state import AppointmentRef, CallState, Constraints

SPOKEN = 3
"""Appointments read out at most (the caller can ask about a day)."""


def appointment_ref(index: int, a: AppointmentInfo) -> dict[str, Any]:
    """One appointment as listed to the caller (state JSON)."""
    return AppointmentRef(
        index=index,
        appointment_id=a.appointment_id,
        start=a.start.isoformat(),
        practitioner_id=a.practitioner_id,
        practitioner=a.practitioner,
        location=a.location,
        address=a.address,
    ).model_dump()


def _by_day(listed: list[dict[str, Any]], u: Understanding, said: str | None) -> int | None:
    """The one listed appointment on the day the caller named, if exactly one matches."""
    day = u.appointment_day or (None if said else u.time.earliest_date if u.time else None)
    iso = day.isoformat() if day else said
    if iso is None:
        return None
    matches = [a["index"] for a in listed if a["start"][:10] == iso]
    return matches[0] if len(matches) == 1 else None


def _select(update: Update, target: dict[str, Any], intent: Intent | None) -> None:
    update.set(target=target)
    if intent is Intent.CANCEL:
        update.route("confirm")
        return
    c = Constraints.model_validate(update.get("constraints") or {})
    if not c.practitioner_ids and not c.practitioner_query and not c.any_practitioner:
        c.practitioner_ids = [target["practitioner_id"]] if target["practitioner_id"] else []
        c.practitioner = target["practitioner"]
    c.declined = [*c.declined]
    c = move_from(c, datetime.fromisoformat(target["start"]))
    update.set(constraints=c.model_dump()).route("slot_search")


async def appointments(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """List upcoming appointments (check), or choose the one to cancel or reschedule."""
    update = Update(state)
    u = understanding(state)
    intent = update.intent()
    listed = update.get("appointments") or []
    if update.get("phase") == "appointment_choice" and listed:
        index = u.choice if u.choice is not None else (0 if len(listed) == 1 else None)
        if index is not None and 0 <= index < len(listed):
            _select(update, listed[index], intent)
            return update.values
    result = await runtime.context.tools.list_appointments(
        ListAppointmentsArgs(when="upcoming"), update.scope()
    )
    if isinstance(result, ToolError):
        update.say("backend_down").set(handoff_reason="backend_unavailable")
        return update.route("handoff").values
    update.saw(result.references())
    listed = [appointment_ref(i, a) for i, a in enumerate(result.items)]
    update.set(appointments=listed)
    if not listed:
        update.say("no_appointments").say("anything_else")
        return update.set(**TASK_RESET, intent=None, phase="anything_else").values
    if intent is Intent.CHECK:
        if len(listed) == 1:
            a = listed[0]
            update.say("appointment_one", when=a["start"], practitioner=a["practitioner"])
        else:
            update.say("appointments_many", count=len(listed), appointments=listed[:SPOKEN])
        update.say("anything_else")
        return update.set(**TASK_RESET, intent=None, phase="anything_else").values
    said = update.constraints().appointment_on
    chosen = 0 if len(listed) == 1 else _by_day(listed, u, said)
    if chosen is not None:
        _select(update, listed[chosen], intent)
        return update.values
    action = "action_cancel" if intent is Intent.CANCEL else "action_reschedule"
    update.say("appointments_many", count=len(listed), appointments=listed[:SPOKEN])
    update.say("which_appointment", action=action)
    return update.set(appointments=listed[:SPOKEN], phase="appointment_choice").values
