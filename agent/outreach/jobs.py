"""The job queue as the outreach layer sees it: enqueue typed jobs, handle them by kind.

The queues themselves (the embedded SQLite queue and the Postgres one) live in ``api.jobs``;
this module only names the contract so ``agent`` never imports ``api``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

JobKind = Literal[
    "event",  # a booking, move or cancellation happened: confirm, plan reminders, waitlist
    "reminder",  # send one reminder of one appointment
    "waitlist",  # offer a freed slot to the waiting patients
    "waitlist-expire",  # a waitlist hold ran out with no yes: release it
    "sync",  # look for cancellations made directly in the EHR
    "recall",  # run one recall campaign
]


class Job(BaseModel):
    """One unit of work; two jobs with one ``key`` are one job (the second is ignored)."""

    kind: JobKind
    key: str = Field(..., min_length=3, max_length=300)
    run_at: datetime
    payload: dict[str, Any] = Field(default_factory=dict)


class JobQueue(Protocol):
    """Where jobs wait until they are due. Implemented in ``api.jobs``."""

    async def enqueue(self, jobs: Sequence[Job]) -> int:
        """Queue ``jobs`` (ignoring keys already queued or done); returns how many are new."""
        ...


JobHandler = Callable[[Job], Awaitable[None]]
"""Runs one job; raising means "try again later" (until the queue's attempts run out)."""


class Defer(Exception):
    """Raised by a job that must run later (e.g. it became due inside quiet hours)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"deferred until {until.isoformat()}")
        self.until = until
