"""Reminders: when to send them (offsets per visit type, quiet hours) and sending one."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent.clinic.outreach import OutreachConfig
from agent.outreach.jobs import Job
from agent.outreach.quiet import next_allowed
from fhir_adapters.queries import AppointmentView

# A reminder pushed by quiet hours to less than this before the visit is no use any more.
_TOO_LATE = timedelta(minutes=30)


def service_type_of(view: AppointmentView) -> str | None:
    """The visit type code of an appointment."""
    for concept in view.appointment.serviceType or []:
        for coding in concept.coding or []:
            if coding.code:
                return str(coding.code)
    return None


def reminder_jobs(
    view: AppointmentView, config: OutreachConfig, *, now: datetime, zone: ZoneInfo
) -> list[Job]:
    """The reminder jobs of one booked appointment (none in the past, none too late)."""
    jobs = []
    start = view.start
    for offset in config.reminder_offsets(service_type_of(view)):
        due = next_allowed(max(start - offset, now), config.quiet_hours, zone)
        if due > start - _TOO_LATE or start - offset < now - timedelta(minutes=1):
            continue  # its moment has passed (booked at short notice) or quiet hours ate it
        minutes = int(offset.total_seconds() // 60)
        jobs.append(
            Job(
                kind="reminder",
                key=f"reminder:{view.appointment_id}:{minutes}",
                run_at=due,
                payload={"appointment_id": view.appointment_id, "offset_minutes": minutes},
            )
        )
    return jobs
