"""Staff work that ends up in the EHR's Task list: "call back later", and closing a Task."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from agent.staff import StaffAccount, staff_actor
from api.http.problems import Problem
from api.http.staff.queue import CONVERSATION_SYSTEM, TASK_SYSTEM, QueueItem, task_item
from api.http.staff.trail import record
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError, SchedulingError
from fhir_adapters.resources import Task, ref
from graphs.directory import ConversationSummary
from graphs.engine import Engine


async def callback_task(
    engine: Engine, summary: ConversationSummary, note: str | None, account: StaffAccount
) -> QueueItem:
    """A callback Task for the conversation's patient, as urgent as the conversation."""
    who = f"Patient/{summary.patient_id}" if summary.patient_id else "caller not identified"
    if summary.caller_phone:
        who += f", callback {summary.caller_phone}"
    task = Task(
        status="requested",
        intent="order",
        priority=summary.urgency or "routine",
        code={"coding": [{"system": TASK_SYSTEM, "code": "callback"}]},
        description=f"Callback request: {summary.handoff_reason or 'staff follow-up'} ({who})",
        for_fhir=ref("Patient", summary.patient_id) if summary.patient_id else None,
        authoredOn=engine.clock.now(),
        identifier=[{"system": CONVERSATION_SYSTEM, "value": summary.id}],
        note=[{"text": note[:2000]}] if note else None,
    )
    try:
        created = await engine.backend.create_task(task, actor=staff_actor(account, summary.id))
    except SchedulingError as exc:
        raise Problem(503, "EHR unavailable", "The callback could not be recorded.") from exc
    return task_item(created)


async def complete_task(
    request: Request, engine: Engine, task_id: str, note: str | None, account: StaffAccount
) -> dict[str, Any]:
    """Mark a staff Task completed with ``note``; the read and the change are audited."""
    try:
        done = await engine.backend.update_task(
            task_id, status="completed", note=note, actor=staff_actor(account)
        )
    except ResourceNotFoundError:
        raise Problem(404, "Not found", "No such task.") from None
    except InvalidRequestError as exc:
        raise Problem(422, "Invalid request", str(exc)) from None
    item = task_item(done)
    await record(
        request, account, "resolve-task", action="U",
        patient_id=item.patient_id, entities=[f"Task/{task_id}"],
    )  # fmt: skip
    return {"task_id": task_id, "status": str(done.status)}
