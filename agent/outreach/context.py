"""What the outreach parts (inbox, recalls, waitlist) need from the service that owns them.

``Outreach`` builds the parts and hands itself to them; naming only what they use here, as a
Protocol, keeps the dependency one-way (service -> parts -> this module) instead of a circle
hidden behind ``TYPE_CHECKING``, and lets a test hand a part a smaller stand-in.
"""

from __future__ import annotations

from typing import Any, Protocol

from agent.clinic import ClinicConfig
from agent.clinic.outreach import OutreachConfig
from agent.outreach.compose import Composer
from agent.outreach.jobs import Job, JobQueue
from agent.outreach.sender import Sender
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock


class OutreachContext(Protocol):
    """The practice, its EHR, the clock and the ways out that every outreach part uses."""

    backend: SchedulingBackend
    clinic: ClinicConfig
    clock: Clock
    composer: Composer
    sender: Sender
    queue: JobQueue

    @property
    def config(self) -> OutreachConfig:
        """The practice's outreach section."""
        ...

    def event_job(self, kind: str, data: dict[str, Any], *, notify: bool = True) -> Job:
        """The job that follows up a booking, move or cancellation."""
        ...
