"""Confirm: read back exactly what will be written and wait for an explicit yes.

The idempotency key of the write is fixed here, stored in the state with the pending
write, so a retried or resumed run can never book twice.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.understanding import Intent
from graphs.context import CallContext
from graphs.nodes.common import Update, understanding
from graphs.nodes.prompts import readback
from graphs.state import AppointmentRef, CallState, PendingWrite


async def confirm(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Turn the chosen slot (or the appointment to cancel) into a pending write; read it back."""
    update = Update(state)
    u = understanding(state)
    intent = update.intent()
    writes = update.get("writes", 0) + 1
    key = f"frontdesk:{update.get('conversation_id')}:write-{writes}"
    target = update.get("target")
    if intent is Intent.CANCEL:
        if target is None:
            return update.route("respond").values
        pending = PendingWrite(kind="cancel", key=key, appointment=AppointmentRef(**target))
    else:
        offered = update.offered()
        index = u.choice if u.choice is not None else 0
        if not offered or not 0 <= index < len(offered):
            return update.say("choose_option", ordinals=len(offered)).route("respond").values
        slot = offered[index]
        if not slot.address:
            slot = slot.model_copy(update={"address": runtime.context.clinic.address})
        kind = "reschedule" if intent is Intent.RESCHEDULE and target else "book"
        appointment = AppointmentRef(**target) if kind == "reschedule" and target else None
        pending = PendingWrite(kind=kind, key=key, slot=slot, appointment=appointment)
    update.set(pending=pending.model_dump(), writes=writes, phase="confirm")
    readback(update)
    return update.route("respond").values
