"""Record keys: one key, one staff record in the EHR, however often it is sent.

A Task carries its key as an identifier of ``RECORD_KEY_SYSTEM``; the backends create a Task
whose key they already hold as a no-op (REST: ``If-None-Exist``), which is what lets the
outbox retry a delivery without ever writing it twice.
"""

from __future__ import annotations

import uuid

from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.task import Task

RECORD_KEY_SYSTEM = "https://frontdesk.dev/record-key"


def record_key(task: Task) -> str | None:
    """The record key of ``task``, if it has one."""
    for identifier in task.identifier or []:
        if identifier.system == RECORD_KEY_SYSTEM and identifier.value:
            return str(identifier.value)
    return None


def with_record_key(task: Task) -> tuple[Task, str]:
    """``task`` with a record key (a new one unless it has one) and that key."""
    key = record_key(task)
    if key is not None:
        return task, key
    key = uuid.uuid4().hex
    keyed = task.model_copy(deep=True)
    keyed.identifier = [*(keyed.identifier or []), Identifier(system=RECORD_KEY_SYSTEM, value=key)]
    return keyed, key
