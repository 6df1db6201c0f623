"""Staff requests: prescription renewals, billing questions, results and clinical questions.

Each becomes a structured FHIR Task for the practice (what was asked, for which identified
patient, with the transcript) and the caller hears the practice's callback promise.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.tools import StaffTaskArgs, TaskCode, TaskPriority, ToolError
from fhir_adapters.outbox import LOCAL_ID_PREFIX
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, understanding
from graphs.nodes.respond import PROMISE
from graphs.state import CallState

_LABELS = {
    "prescription-renewal": "Prescription renewal",
    "billing": "Billing question",
    "results": "Results or clinical question",
    "callback": "Callback request",
    "handoff": "Handoff",
}
_ASK = {
    "prescription-renewal": "ask_medication",
    "billing": "ask_billing",
    "results": "ask_results",
}


def transcript_text(update: Update) -> str:
    """The call so far, one "role: text" line per turn."""
    return "\n".join(f"{role}: {text}" for role, text in update.get("transcript", []))


async def queue_task(
    update: Update,
    ctx: CallContext,
    *,
    code: TaskCode,
    details: str,
    priority: TaskPriority = "routine",
    promise: bool = True,
    event: bool = True,
) -> str | None:
    """Create the staff Task, emit the ``task`` event and (optionally) read the promise.

    Returns:
        The Task id, or None when the store refused it (the caller then hears an apology).
    """
    patient = update.patient()
    label = _LABELS[code]
    who = f"Patient/{patient.id}" if patient else "caller not identified"
    phone = update.claims().phone or update.get("caller_phone")
    if phone:
        who = f"{who}, callback {phone}"
    result = await ctx.tools.create_staff_task(
        StaffTaskArgs(
            code=code,
            priority=priority,
            description=f"{label}: {details} ({who})"[:2000],
            note=transcript_text(update)[:20000],
            reason=label,
        ),
        update.scope(),
    )
    if isinstance(result, ToolError):
        update.say("backend_down")
        return None
    if event:
        update.emit("task", task_id=result.task_id, code=code)
    if promise:
        promise_callback(update, result.task_id, code)
    return result.task_id


def promise_callback(update: Update, task_id: str | None, code: TaskCode) -> None:
    """Read the practice's callback promise, or only what is true when the record is still
    waiting in the local outbox for the EHR: the staff will see the request."""
    if task_id is not None and task_id.startswith(LOCAL_ID_PREFIX):
        update.say("request_noted")
    else:
        update.say(PROMISE, code=code)


async def staff_request(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Gather what the staff need (the medication, the question) and queue the request."""
    update = Update(state)
    u = understanding(state)
    request = dict(update.get("request") or {})
    code = request.get("code")
    if code == "callback" and request.get("details"):
        # A callback the agent offered (e.g. a teleconsultation) and the caller accepted.
        await queue_task(update, runtime.context, code="callback", details=str(request["details"]))
        update.say("anything_else")
        return update.set(**TASK_RESET, intent=None, phase="anything_else").values
    if code not in _ASK:
        return update.route("respond").values
    if update.get("phase") == "details":
        request["details"] = u.medication or update.get("text")
    if not request.get("details"):
        update.say(_ASK[code])
        return update.set(request=request, phase="details").values
    if code == "results":
        update.say("no_medical_advice")
    await queue_task(update, runtime.context, code=code, details=str(request["details"])[:500])
    update.say("anything_else")
    return update.set(**TASK_RESET, intent=None, phase="anything_else").values
