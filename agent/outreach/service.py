"""The outreach service: engine events become jobs, jobs become messages.

``Outreach.on_turn`` is an Engine listener: a booking, move or cancellation from any channel
queues an ``event`` job (keyed by the appointment, so a replayed turn queues nothing new).
The worker then runs ``Outreach.handle``: the confirmation goes out, reminders are planned,
a freed slot goes to the waitlist. Everything a job does is idempotent, so a job that runs
twice (a killed worker's lease expired) changes nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from agent.clinic import ClinicConfig
from agent.clinic.outreach import OutreachConfig
from agent.outreach import requests
from agent.outreach.appointments import appointment_view
from agent.outreach.compose import Composer, is_upcoming, patient_of, slot_of
from agent.outreach.inbox import Inbox
from agent.outreach.jobs import Defer, Job, JobQueue
from agent.outreach.messages import MessageKind
from agent.outreach.quiet import is_quiet, next_allowed
from agent.outreach.recalls import Recalls
from agent.outreach.reminders import reminder_jobs
from agent.outreach.sender import Outcome, Sender
from agent.outreach.waitlist import Waitlist
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.queries import AppointmentView

log = logging.getLogger(__name__)

_EVENT_KINDS = {"booked", "cancelled", "rescheduled"}
_NOTICE: dict[str, MessageKind] = {
    "booked": "confirmation",
    "rescheduled": "rescheduled",
    "cancelled": "cancellation",
}


class Outreach:
    """Confirmations, reminders, waitlist offers and recalls for one practice."""

    def __init__(
        self,
        *,
        backend: SchedulingBackend,
        clinic: ClinicConfig,
        clock: Clock,
        sender: Sender,
        queue: JobQueue,
        region: str = "FR",
    ) -> None:
        self.backend = backend
        self.clinic = clinic
        self.clock = clock
        self.sender = sender
        self.queue = queue
        self.composer = Composer(clinic, backend, region)
        self.waitlist = Waitlist(self)
        self.recalls = Recalls(self)
        self.inbox = Inbox(self, waitlist=self.waitlist, recalls=self.recalls)
        self.watchers: list[Callable[[str], Awaitable[None]]] = []
        """Told (with what changed) after each job and message: the console refreshes."""
        self._handlers: dict[str, Callable[[Job], Awaitable[None]]] = {
            "event": self._on_event,
            "reminder": self._send_reminder,
            "waitlist": self.waitlist.offer_job,
            "waitlist-expire": self.waitlist.expire_job,
            "sync": self._sync,
            "recall": self.recalls.run_job,
        }

    @property
    def config(self) -> OutreachConfig:
        """The practice's outreach section."""
        return self.clinic.outreach

    # ---- from the engine ------------------------------------------------------------------

    async def on_turn(self, result: Any) -> None:
        """Engine listener: queue an ``event`` job for each booking, move or cancellation."""
        jobs = []
        for event in getattr(result, "events", []):
            if event.kind in _EVENT_KINDS and event.data.get("appointment_id"):
                jobs.append(self.event_job(event.kind, event.data))
        if jobs:
            await self.queue.enqueue(jobs)

    def event_job(self, kind: str, data: dict[str, Any], *, notify: bool = True) -> Job:
        """The job that follows up a booking, move or cancellation."""
        payload = {
            "event": kind,
            "appointment_id": data["appointment_id"],
            "previous_appointment_id": data.get("previous_appointment_id"),
            "notify": notify,
        }
        return Job(
            kind="event",
            key=f"event:{kind}:{data['appointment_id']}",
            run_at=self.clock.now(),
            payload=payload,
        )

    # ---- jobs ------------------------------------------------------------------------

    async def handle(self, job: Job) -> None:
        """Run one job (the queue's worker calls this)."""
        handler = self._handlers.get(job.kind)
        if handler is None:
            log.error("unknown job kind %s dropped", job.kind)
            return
        await handler(job)
        await self.changed(job.kind)

    async def changed(self, what: str) -> None:
        """Tell the watchers that reminders, messages or the waitlist changed."""
        for watch in list(self.watchers):
            try:
                await watch(what)
            except Exception as exc:  # a screen that cannot be told never fails a job
                log.warning("outreach watcher failed: %s", type(exc).__name__)

    async def notify(
        self,
        kind: MessageKind,
        appointment_id: str,
        *,
        key: str,
        text: str | None = None,
        view: AppointmentView | None = None,
    ) -> Outcome | None:
        """Send ``kind`` about an appointment to its patient (None: nobody to send to)."""
        view = view or await appointment_view(self.backend, appointment_id)
        patient_id = patient_of(view) if view else None
        if view is None or patient_id is None:
            return None
        found = await self.composer.contact(patient_id)
        if found is None:
            return None
        _, contact = found
        if contact.opted_out and kind not in ("confirmation", "rescheduled", "cancellation"):
            return None
        facts = self.composer.appointment_facts(view)
        message = self.composer.build(
            kind, contact, key=key, facts=facts, text=text, about=[f"Appointment/{appointment_id}"]
        )
        return await self.sender.deliver(message) if message else None

    async def _on_event(self, job: Job) -> None:
        kind = str(job.payload["event"])
        appointment_id = str(job.payload["appointment_id"])
        if job.payload.get("notify", True) and self.config.confirmations:
            await self.notify(
                _NOTICE[kind], appointment_id, key=f"{_NOTICE[kind]}:{appointment_id}"
            )
        if kind in ("booked", "rescheduled"):
            view = await appointment_view(self.backend, appointment_id)
            if view is not None and is_upcoming(view, self.clock.now()):
                now = self.clock.now()
                jobs = reminder_jobs(view, self.config, now=now, zone=self.clinic.zone)
                await self.queue.enqueue(jobs)
                await requests.plan(self.backend, jobs, view, now=now)
        freed = (
            appointment_id if kind == "cancelled" else job.payload.get("previous_appointment_id")
        )
        if freed:
            view = await appointment_view(self.backend, str(freed))
            if view is not None:
                await requests.revoke(self.backend, view, self.config)
            slot_id = slot_of(view) if view else None
            if slot_id:
                await self.queue.enqueue([self.waitlist.job(slot_id, str(freed))])

    async def _send_reminder(self, job: Job) -> None:
        now = self.clock.now()
        if is_quiet(now, self.config.quiet_hours, self.clinic.zone):
            raise Defer(next_allowed(now, self.config.quiet_hours, self.clinic.zone))
        appointment_id = str(job.payload["appointment_id"])
        view = await appointment_view(self.backend, appointment_id)
        if view is None or not is_upcoming(view, now):
            return  # cancelled, moved or over: nothing to remind
        await self.notify("reminder", appointment_id, key=job.key, view=view)
        await requests.complete(self.backend, job.key)

    def periodic_jobs(self, now: datetime, sync_every_s: float) -> list[Job]:
        """Jobs due by the clock: the EHR sync of this period and today's recall runs."""
        bucket = int(now.timestamp() // sync_every_s)
        jobs = [Job(kind="sync", key=f"sync:{bucket}", run_at=now)]
        local = now.astimezone(self.clinic.zone)
        morning = local.replace(hour=10, minute=0, second=0, microsecond=0)
        for campaign in self.config.recalls:
            jobs.append(self.recalls.job(campaign.key, morning))
        return jobs

    async def _sync(self, job: Job) -> None:
        """Cancellations made directly in the EHR: their freed slots go to the waitlist."""
        cancelled = await self.backend.list_appointments(
            statuses=["cancelled"], upcoming_only=True, limit=500
        )
        jobs = []
        for view in cancelled:
            slot_id = slot_of(view)
            if slot_id:
                jobs.append(self.waitlist.job(slot_id, view.appointment_id))
        if jobs:
            await self.queue.enqueue(jobs)
