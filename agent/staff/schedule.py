"""A day of the practice's schedule, per practitioner: booked, free and cancelled visits.

Read from the scheduling backend (the EHR or the embedded store), in the practice's time
zone, for the staff console's "today" page.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from agent.tools.views import patient_info, practitioner_name
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import SchedulingError
from fhir_adapters.queries import SlotQuery
from fhir_adapters.resources import Patient, ref_id

EntryStatus = Literal["booked", "free", "cancelled", "other"]
_BOOKED = {"booked", "arrived", "checked-in", "fulfilled", "pending", "proposed"}


class ScheduleEntry(BaseModel):
    """One line of a practitioner's day."""

    start: datetime
    end: datetime | None = None
    status: EntryStatus
    detail: str = Field("", description="the FHIR status when it is not plainly booked/free")
    patient_id: str | None = None
    patient: str | None = Field(None, description="display name of the booked patient")
    appointment_id: str | None = None
    reason: str | None = None


class PractitionerDay(BaseModel):
    """A practitioner's entries of the day, in time order."""

    practitioner_id: str
    name: str
    specialties: list[str] = []
    entries: list[ScheduleEntry] = []

    def count(self, status: EntryStatus) -> int:
        """How many entries have ``status``."""
        return sum(1 for e in self.entries if e.status == status)


class DaySchedule(BaseModel):
    """The practice's day."""

    day: date
    time_zone: str
    practitioners: list[PractitionerDay] = []


async def day_schedule(
    backend: SchedulingBackend, day: date, tz: str, *, now: datetime
) -> DaySchedule:
    """Every practitioner's appointments (all statuses) and still-free slots on ``day``."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0, 0), zone)
    end = start + timedelta(days=1)
    matches = await backend.find_practitioners(None, limit=100)
    appointments = await backend.list_appointments(start=start, end=end, limit=1000)
    free_from = max(start, now)
    free = (
        await backend.find_slots(SlotQuery(start=free_from, end=end, limit=500))
        if free_from < end
        else []
    )
    days = {
        str(m.practitioner.id): PractitionerDay(
            practitioner_id=str(m.practitioner.id),
            name=practitioner_name(m.practitioner) or "—",
            specialties=m.specialties,
        )
        for m in matches
    }
    patient_ids = {
        pid
        for v in appointments
        for p in v.appointment.participant or []
        if p.actor and (pid := ref_id(p.actor, "Patient"))
    }
    names = await _patient_names(backend, patient_ids)
    for view in appointments:
        pid = view.practitioner.id if view.practitioner else None
        row = days.get(str(pid)) if pid else None
        if row is None:
            continue
        appointment = view.appointment
        patient = next(
            (
                i
                for p in appointment.participant or []
                if p.actor and (i := ref_id(p.actor, "Patient"))
            ),
            None,
        )
        status = str(appointment.status)
        row.entries.append(
            ScheduleEntry(
                start=view.start.astimezone(zone),
                end=appointment.end.astimezone(zone) if appointment.end else None,  # type: ignore[union-attr]
                status="booked"
                if status in _BOOKED
                else "cancelled"
                if status == "cancelled"
                else "other",
                detail=status,
                patient_id=patient,
                patient=names.get(patient or ""),
                appointment_id=view.appointment_id,
                reason=appointment.description or None,
            )
        )
    for slot in free:
        pid = slot.practitioner.id if slot.practitioner else None
        row = days.get(str(pid)) if pid else None
        if row is not None:
            row.entries.append(
                ScheduleEntry(
                    start=slot.start.astimezone(zone), end=slot.end.astimezone(zone), status="free"
                )
            )
    for row in days.values():
        row.entries.sort(key=lambda e: (e.start, e.status != "booked"))
    ordered = sorted(days.values(), key=lambda d: (not d.entries, d.name))
    return DaySchedule(day=day, time_zone=tz, practitioners=ordered)


async def _patient_names(backend: SchedulingBackend, ids: set[str]) -> dict[str, str]:
    """Display names of the day's patients, read concurrently (missing ones are skipped)."""

    async def one(patient_id: str) -> tuple[str, str | None]:
        try:
            info = patient_info(await backend.get(Patient, patient_id))
        except SchedulingError:
            return patient_id, None
        return patient_id, f"{info.given} {info.family}".strip() or None

    found = await asyncio.gather(*(one(i) for i in sorted(ids)))
    return {pid: name for pid, name in found if name}
