"""Moving a staff Task along (completed, cancelled, in-progress) with a note: one rule for
every backend, so the embedded store and an EHR record the same FHIR change."""

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


def changed_task(
    task: dict[str, Any], status: str, note: str | None, actor: Actor, now: datetime
) -> dict[str, Any]:
    """A copy of the Task JSON ``task`` with ``status`` and ``note`` (by ``actor``) added.

    Raises:
        InvalidRequestError: ``status`` is not a FHIR Task status.
    """
    if status not in TASK_STATUSES:
        raise InvalidRequestError(f"{status!r} is not a FHIR Task status")
    out = {k: v for k, v in task.items() if k != "meta"}
    out["status"] = status
    out["lastModified"] = now.isoformat()
    if note:
        notes = list(out.get("note") or [])
        notes.append({"authorString": actor.name, "time": now.isoformat(), "text": note[:2000]})
        out["note"] = notes
    return out
