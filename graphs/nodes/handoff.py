"""Handoff to a human: a staff Task with everything they need, then a LangGraph interrupt.

The Task is created in ``handoff``; ``staff_wait`` only interrupts, so resuming (which
re-runs the interrupted node from its start) never creates the Task twice. When staff hand
the call back (``Engine.staff_resume``), the conversation goes on.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.tools import TaskPriority
from graphs.context import CallContext
from graphs.nodes.common import Update
from graphs.nodes.staff import promise_callback, queue_task
from graphs.state import CallState

_REASONS = {
    "first_visit": "reason_first_visit",
    "service_needs_staff": "reason_service",
    "new_patient_not_accepted": "reason_new_patient",
}
"""Routing-rule handoffs say why before saying who takes over."""
PRIORITY: dict[str, TaskPriority] = {
    "emergency": "stat",
    "urgent": "urgent",
    "routine": "routine",
}


def summary(update: Update) -> str:
    """A short structured summary for the staff queue (no free-text patient details)."""
    patient = update.patient()
    pending = update.pending()
    c = update.constraints()
    asked = next((t for r, t in reversed(update.get("transcript", [])) if r == "patient" and t), "")
    parts = [
        f"reason={update.get('handoff_reason') or 'unspecified'}",
        f"urgency={update.urgency().value}",
        f"intent={update.get('intent') or 'none'}",
        f"red_flags={','.join(update.get('red_flags', [])) or 'none'}",
        f"patient={'Patient/' + patient.id if patient else 'not identified'}",
    ]
    phone = update.claims().phone or update.get("caller_phone")
    if phone:
        parts.append(f"callback={phone}")  # staff call back on it; this is a record, not a log
    if update.get("urgency_note"):
        parts.append(f"note={update.get('urgency_note')}")
    if pending is not None and pending.slot is not None:
        parts.append(f"requested_slot=Slot/{pending.slot.slot_id} at {pending.slot.start}")
    elif c.practitioner or c.specialty or c.service:
        wanted = c.practitioner or c.specialty or ""
        parts.append(f"requested={c.service or 'consultation'} {wanted}".strip())
    parts.append(f"asked={asked[:200]}")
    return "; ".join(parts)


async def handoff(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Record the handoff Task (priority from urgency) and tell the caller a human takes over."""
    update = Update(state)
    reason = update.get("handoff_reason") or "unspecified"
    urgency = update.urgency()
    text = summary(update)
    task_id = await queue_task(
        update,
        runtime.context,
        code="handoff",
        details=text,
        priority=PRIORITY[urgency.value],
        promise=False,
        event=False,  # the handoff event carries the task id
    )
    patient = update.patient()
    record = {
        "reason": reason,
        "urgency": urgency.value,
        "summary": text,
        "patient_id": patient.id if patient else None,
        "task_id": task_id,
        "red_flags": update.get("red_flags", []),
    }
    update.emit("handoff", **record)
    if reason in _REASONS:
        update.say(_REASONS[reason])
        promise_callback(update, task_id, "handoff")
    elif reason not in ("emergency", "urgent"):
        update.say("handoff_human" if reason == "caller_request" else "handoff")
        promise_callback(update, task_id, "handoff")
    return update.set(handoff=record, handoffs=update.get("handoffs", 0) + 1).values


async def staff_wait(state: CallState) -> dict[str, Any]:
    """Wait for staff (an interrupt); resume with their optional note and carry on."""
    resumed = interrupt(state.get("handoff"))
    note = resumed.get("note") if isinstance(resumed, dict) else None
    notes = [*state.get("staff_notes", []), note] if note else state.get("staff_notes", [])
    return {
        "handoff": None,
        "handoff_reason": None,
        "urgency_question": None,
        "staff_notes": notes,
        "say": [["staff_resumed", {}]],
        "events": [],
        "options": [],
        "pending": None,
        "phase": "anything_else",
        "failures": 0,
    }
