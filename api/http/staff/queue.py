"""The live handoff queue: conversations waiting for (or held by) staff, and open staff Tasks.

Conversations come from the engine's directory (status ``handed_off`` or ``staff``); Tasks
from the EHR through the backend's task listing (renewals, callbacks, billing, results, and
handoffs whose conversation the directory does not know, e.g. from another system). Ordered
by urgency (stat, urgent, routine) then by how long they have waited (longest first).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import SchedulingError
from fhir_adapters.resources import Task, ref_id
from fhir_adapters.task_status import OPEN_TASK_STATUSES
from graphs.directory import ConversationDirectory, ConversationSummary

CONVERSATION_SYSTEM = "https://frontdesk.dev/conversation"
TASK_SYSTEM = "https://frontdesk.dev/task"
_RANK = {"stat": 0, "urgent": 1, "routine": 2}
_CALLBACK = "callback="
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


class QueueItem(BaseModel):
    """One line of the queue."""

    kind: Literal["conversation", "task"]
    id: str = Field(..., description="conversation id, or Task id for a task")
    conversation_id: str | None = None
    task_id: str | None = None
    urgency: Literal["stat", "urgent", "routine"] = "routine"
    status: str
    reason: str | None = None
    summary: str | None = None
    callback: str | None = Field(None, description="the number to call the patient back on")
    patient_id: str | None = None
    channel: str | None = None
    waiting_since: datetime
    handled_by: str | None = None


def rank(item: QueueItem) -> tuple[int, datetime]:
    """Sort key: urgency first, then the longest wait."""
    return (_RANK[item.urgency], item.waiting_since)


def conversation_item(summary: ConversationSummary) -> QueueItem:
    """A queue line for a conversation."""
    return QueueItem(
        kind="conversation",
        id=summary.id,
        conversation_id=summary.id,
        urgency=summary.urgency or "routine",
        status=summary.status,
        reason=summary.handoff_reason,
        summary=summary.summary,
        callback=summary.caller_phone or _callback_in(summary.summary),
        patient_id=summary.patient_id,
        channel=summary.channel,
        waiting_since=summary.started_at,
        handled_by=summary.handled_by,
    )


def task_item(task: Task) -> QueueItem:
    """A queue line for a staff Task from the EHR."""
    code = next(
        (str(c.code) for c in (task.code.coding if task.code else []) or [] if c.code), "task"
    )
    authored = task.authoredOn or (task.meta.lastUpdated if task.meta else None)
    return QueueItem(
        kind="task",
        id=str(task.id),
        task_id=str(task.id),
        conversation_id=conversation_of(task),
        urgency=task.priority if task.priority in _RANK else "routine",  # type: ignore[arg-type]
        status=str(task.status),
        reason=code,
        summary=task.description,
        callback=_callback_in(task.description, marker="callback "),
        patient_id=ref_id(task.for_fhir, "Patient") if task.for_fhir else None,
        waiting_since=authored if isinstance(authored, datetime) else _LONG_AGO,
    )


def conversation_of(task: Task) -> str | None:
    """The conversation a Task came from (its conversation identifier), if any."""
    return next(
        (str(i.value) for i in task.identifier or [] if i.system == CONVERSATION_SYSTEM), None
    )


async def queue(
    directory: ConversationDirectory | None, backend: SchedulingBackend, *, limit: int = 200
) -> list[QueueItem]:
    """Every open handoff and staff Task, most urgent and longest waiting first."""
    items: list[QueueItem] = []
    known: set[str] = set()
    if directory is not None:
        for summary in await directory.list(status=("handed_off", "staff"), limit=limit):
            items.append(conversation_item(summary))
            known.add(summary.id)
    try:
        tasks = await backend.list_tasks(limit=limit)
    except SchedulingError:
        tasks = []  # the EHR is down: the live conversations still show
    for task in tasks:
        if str(task.status) not in OPEN_TASK_STATUSES:
            continue
        item = task_item(task)
        # A handoff of a conversation we hold is shown as the conversation itself; one whose
        # conversation is closed was dealt with there.
        if item.reason == "handoff" and await _shown_or_closed(directory, known, item):
            continue
        items.append(item)
    return sorted(items, key=rank)


async def _shown_or_closed(
    directory: ConversationDirectory | None, known: set[str], item: QueueItem
) -> bool:
    if item.conversation_id is None or directory is None:
        return False
    if item.conversation_id in known:
        return True
    found = await directory.get(item.conversation_id)
    return found is not None and found.status in ("resolved", "ended", "active")


def _callback_in(text: str | None, marker: str = _CALLBACK) -> str | None:
    """The callback number written into a handoff summary or Task description."""
    if not text or marker not in text:
        return None
    tail = text.split(marker, 1)[1]
    number = tail.split(";")[0].split(")")[0].split(",")[0].strip()
    return number or None
