"""The writes: book, cancel, reschedule. Each runs only for a pending write the caller just
said yes to, with the idempotency key fixed at read-back, and only on ids read in this call.

A slot taken in the meantime is not an error for the caller: they hear an apology and the
next options.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.tools import AppointmentInfo, BookArgs, CancelArgs, RescheduleArgs, ToolError
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, say_tool_error
from graphs.state import CallState, PendingWrite

_DONE = {**TASK_RESET, "intent": None, "phase": "anything_else"}


def _failed(update: Update, pending: PendingWrite, error: ToolError) -> dict[str, Any]:
    """After a failed write: a taken slot goes back to the search, anything else to staff."""
    say_tool_error(update, error)
    update.set(pending=None)
    if error.code in ("slot_taken", "slot_in_past") and pending.slot is not None:
        c = update.constraints()
        c.declined = [*c.declined, pending.slot.slot_id]
        c.after = c.before = None
        update.set(constraints=c.model_dump(), offered=[], phase="slot_preferences")
        return update.route("slot_search").values
    update.set(handoff_reason=f"write_failed:{error.code}")
    return update.route("handoff").values


def _practitioner(pending: PendingWrite, result: AppointmentInfo) -> str | None:
    return pending.slot.practitioner if pending.slot else result.practitioner


async def book(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Book the pending slot for the identified patient."""
    update = Update(state)
    pending = update.pending()
    if pending is None or pending.slot is None:
        return update.route("respond").values
    c = update.constraints()
    result = await runtime.context.tools.book_appointment(
        BookArgs(
            slot_id=pending.slot.slot_id,
            idempotency_key=pending.key,
            service_type=c.service or "consultation",
            reason=c.reason,
        ),
        update.scope(),
    )
    if isinstance(result, ToolError):
        return _failed(update, pending, result)
    update.saw(result.references())
    update.emit(
        "booked",
        appointment_id=result.appointment_id,
        slot_id=pending.slot.slot_id,
        start=pending.slot.start,
        practitioner=_practitioner(pending, result),
        patient_id=update.scope().patient_id,
        location=pending.slot.location,
        address=pending.slot.address,
    )
    update.say("booked", when=pending.slot.start, practitioner=_practitioner(pending, result))
    update.say("anything_else")
    return update.set(**_DONE).route("respond").values


async def cancel(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Cancel the pending appointment of the identified patient."""
    update = Update(state)
    pending = update.pending()
    if pending is None or pending.appointment is None:
        return update.route("respond").values
    result = await runtime.context.tools.cancel_appointment(
        CancelArgs(appointment_id=pending.appointment.appointment_id, reason="patient request"),
        update.scope(),
    )
    if isinstance(result, ToolError):
        return _failed(update, pending, result)
    update.emit("cancelled", appointment_id=result.appointment_id)
    update.say("cancelled", when=pending.appointment.start).say("anything_else")
    return update.set(**_DONE).route("respond").values


async def reschedule(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Move the pending appointment to the pending slot, both or neither."""
    update = Update(state)
    pending = update.pending()
    if pending is None or pending.slot is None or pending.appointment is None:
        return update.route("respond").values
    result = await runtime.context.tools.reschedule_appointment(
        RescheduleArgs(
            appointment_id=pending.appointment.appointment_id,
            slot_id=pending.slot.slot_id,
            idempotency_key=pending.key,
        ),
        update.scope(),
    )
    if isinstance(result, ToolError):
        return _failed(update, pending, result)
    update.saw(result.references())
    update.emit(
        "rescheduled",
        appointment_id=result.appointment_id,
        previous_appointment_id=pending.appointment.appointment_id,
        slot_id=pending.slot.slot_id,
        start=pending.slot.start,
        practitioner=_practitioner(pending, result),
        location=pending.slot.location,
        address=pending.slot.address,
    )
    update.say("rescheduled", when=pending.slot.start, practitioner=_practitioner(pending, result))
    update.say("anything_else")
    return update.set(**_DONE).route("respond").values
