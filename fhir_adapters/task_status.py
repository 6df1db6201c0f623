"""Moving a staff Task along (completed, cancelled, in-progress) or raising its priority, with
a note: one rule for every backend, so the embedded store and an EHR record the same FHIR
change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import TASK_STATUSES

OPEN_TASK_STATUSES = frozenset(
    {"draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold"}
)
"""Statuses of a Task still waiting for someone (the staff queue shows these)."""

TASK_PRIORITIES = ("routine", "urgent", "asap", "stat")
"""The FHIR Task priorities, least pressing first."""


def changed_task(
    task: dict[str, Any],
    status: str,
    note: str | None,
    actor: Actor,
    now: datetime,
    *,
    priority: str | None = None,
) -> dict[str, Any]:
    """A copy of the Task JSON ``task`` with ``status``, ``priority`` (None: unchanged) and
    ``note`` (by ``actor``) added.

    Raises:
        InvalidRequestError: ``status`` is not a FHIR Task status, or ``priority`` not a
            FHIR Task priority.
    """
    if status not in TASK_STATUSES:
        raise InvalidRequestError(f"{status!r} is not a FHIR Task status")
    if priority is not None and priority not in TASK_PRIORITIES:
        raise InvalidRequestError(f"{priority!r} is not a FHIR Task priority")
    out = {k: v for k, v in task.items() if k != "meta"}
    out["status"] = status
    if priority is not None:
        out["priority"] = priority
    out["lastModified"] = now.isoformat()
    if note:
        notes = list(out.get("note") or [])
        notes.append({"authorString": actor.name, "time": now.isoformat(), "text": note[:2000]})
        out["note"] = notes
    return out


def change_purpose(before: dict[str, Any], after: dict[str, Any]) -> str:
    """The audit word of a Task change: ``task-{status}``, or ``task-priority-{priority}``
    when only the priority moved."""
    if after.get("status") == before.get("status") and after.get("priority") != before.get(
        "priority"
    ):
        return f"task-priority-{after['priority']}"
    return f"task-{after['status']}"
