"""Typed arguments and results of the tools. Times are ISO-8601 in practice-local time.

Every result has ``ok = True`` (errors are ``ToolError`` with ``ok = False``) and lists the
references it revealed in ``references()``: the graph adds them to the conversation's seen
ids, the only ids a write tool accepts.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, Field

# ---- arguments ---------------------------------------------------------------------------


class FindPractitionersArgs(BaseModel):
    """Look practitioners up by name (tolerant of titles and typos) and/or specialty code."""

    name: str | None = Field(None, max_length=200, description="as said, e.g. 'Dr Martin'")
    specialty: str | None = Field(None, description="specialty code, e.g. 'general-practice'")
    limit: int = Field(5, ge=1, le=20)


class FindSlotsArgs(BaseModel):
    """Free slots to offer. Dates and times of day are practice-local; empty fields: no filter."""

    practitioner_ids: list[str] = Field(default_factory=list)
    specialty: str | None = Field(None, description="specialty code")
    service_type: str | None = Field(None, description="service type code, e.g. 'consultation'")
    after: datetime | None = Field(
        None, description="ISO-8601 with offset; only slots starting strictly after this"
    )
    before: datetime | None = Field(
        None, description="ISO-8601 with offset; only slots starting before this"
    )
    earliest_date: date | None = Field(
        None, description="YYYY-MM-DD, practice-local; first acceptable day, inclusive"
    )
    latest_date: date | None = Field(
        None, description="YYYY-MM-DD, practice-local; last acceptable day, inclusive"
    )
    part_of_day: Literal["morning", "afternoon", "evening"] | None = None
    not_before: time | None = Field(None, description="HH:MM practice-local, inclusive")
    not_after: time | None = Field(None, description="HH:MM practice-local; starts before it")
    weekdays: list[int] = Field(default_factory=list, description="ISO weekdays 1=Mon..7=Sun")
    exclude_slot_ids: list[str] = Field(default_factory=list, description="declined slots")
    limit: int = Field(3, ge=1, le=50)


class FindPatientArgs(BaseModel):
    """Find the caller's record by name and birth date (the phone narrows homonyms)."""

    family: str = Field(..., min_length=1, max_length=100)
    given: str | None = Field(None, max_length=100)
    birth_date: date | None = Field(None, description="YYYY-MM-DD")
    phone: str | None = Field(None, max_length=40, description="any format")
    by_sound: bool = Field(
        False,
        description="the name was heard by speech recognition: the one record with the same "
        "birth date whose given and family names each sound the same is the caller",
    )


class ListAppointmentsArgs(BaseModel):
    """The identified patient's appointments."""

    when: Literal["upcoming", "past", "all"] = "upcoming"
    limit: int = Field(10, ge=1, le=50)


class RegisterPatientArgs(BaseModel):
    """Details of a new patient, read back to and confirmed by the caller."""

    family: str = Field(..., min_length=1, max_length=100)
    given: str = Field(..., min_length=1, max_length=100)
    birth_date: date
    phone: str | None = Field(None, max_length=40)


class BookArgs(BaseModel):
    """Book a slot a read tool returned, for the identified patient."""

    slot_id: str
    idempotency_key: str = Field(..., min_length=8, max_length=200)
    service_type: str | None = None
    reason: str | None = Field(None, max_length=500)


class CancelArgs(BaseModel):
    """Cancel one of the identified patient's appointments."""

    appointment_id: str
    reason: str | None = Field(None, max_length=500)


class RescheduleArgs(BaseModel):
    """Move one of the identified patient's appointments to a slot a read tool returned."""

    appointment_id: str
    slot_id: str
    idempotency_key: str = Field(..., min_length=8, max_length=200)


TaskCode = Literal["handoff", "prescription-renewal", "billing", "results", "callback"]
TaskPriority = Literal["routine", "urgent", "stat"]
StoredTaskPriority = Literal["routine", "urgent", "asap", "stat"]
"""A Task's priority as stored: staff may also set FHIR's "asap" (between urgent and stat)."""


class StaffTaskArgs(BaseModel):
    """A request for the practice's staff; it concerns the identified patient, if any."""

    code: TaskCode
    priority: TaskPriority = "routine"
    description: str = Field(..., min_length=1, max_length=2000, description="short summary")
    note: str | None = Field(None, max_length=20000, description="transcript or details")
    reason: str | None = Field(None, max_length=200, description="why, in a few words")


class TaskPriorityArgs(BaseModel):
    """Raise the priority of a staff request queued in this conversation (never lowers it)."""

    task_id: str = Field(..., description="the task_id create_staff_task returned in this call")
    priority: TaskPriority = Field(..., description="'stat' when the call became an emergency")
    note: str | None = Field(None, max_length=2000, description="why, for the staff")


# ---- results -----------------------------------------------------------------------------


class PractitionerInfo(BaseModel):
    """A practitioner as the agent names them."""

    id: str
    name: str = Field(..., description="display name with title, e.g. 'Dr Claire Martin'")
    family: str = ""
    specialties: list[str] = Field(default_factory=list)
    sites: list[str] = Field(default_factory=list, description="Location ids of their roles")


class PractitionerList(BaseModel):
    """Practitioners found, best match first."""

    ok: Literal[True] = True
    items: list[PractitionerInfo] = Field(default_factory=list)

    def references(self) -> list[str]:
        return [f"Practitioner/{p.id}" for p in self.items]


class SlotOption(BaseModel):
    """A free slot ready to be offered."""

    slot_id: str
    start: datetime = Field(..., description="practice-local, with offset")
    end: datetime
    practitioner_id: str | None = None
    practitioner: str | None = Field(None, description="display name")
    location: str | None = Field(None, description="site name")
    address: str | None = None
    service_type: str | None = None


class SlotList(BaseModel):
    """Free slots, earliest first."""

    ok: Literal[True] = True
    items: list[SlotOption] = Field(default_factory=list)

    def references(self) -> list[str]:
        return [f"Slot/{s.slot_id}" for s in self.items]


class PatientInfo(BaseModel):
    """A patient record as identification needs it."""

    id: str
    given: str = ""
    family: str = ""
    birth_date: date | None = None


class PatientMatches(BaseModel):
    """Patients matching the details given (several means homonyms)."""

    ok: Literal[True] = True
    items: list[PatientInfo] = Field(default_factory=list)

    def references(self) -> list[str]:
        return [f"Patient/{p.id}" for p in self.items]


class AppointmentInfo(BaseModel):
    """One appointment of the identified patient."""

    ok: Literal[True] = True
    appointment_id: str
    status: str
    start: datetime = Field(..., description="practice-local, with offset")
    slot_id: str | None = None
    practitioner_id: str | None = None
    practitioner: str | None = None
    location: str | None = None
    address: str | None = None

    def references(self) -> list[str]:
        return [f"Appointment/{self.appointment_id}"]


class AppointmentList(BaseModel):
    """The identified patient's appointments, earliest first."""

    ok: Literal[True] = True
    items: list[AppointmentInfo] = Field(default_factory=list)

    def references(self) -> list[str]:
        return [f"Appointment/{a.appointment_id}" for a in self.items]


class RegisteredPatient(BaseModel):
    """The record of a newly registered patient (or the one that already matched)."""

    ok: Literal[True] = True
    patient: PatientInfo
    created: bool

    def references(self) -> list[str]:
        return [f"Patient/{self.patient.id}"]


class TaskInfo(BaseModel):
    """A staff request that was queued."""

    ok: Literal[True] = True
    task_id: str
    code: TaskCode
    priority: StoredTaskPriority

    def references(self) -> list[str]:
        return [f"Task/{self.task_id}"]


class JoinWaitlistArgs(BaseModel):
    """Put the identified patient on the waiting list: who with, what, and when."""

    idempotency_key: str = Field(..., min_length=8, max_length=200)
    practitioner_id: str | None = Field(None, description="None: any practitioner")
    service_type: str | None = None
    start: datetime | None = Field(None, description="window start, timezone-aware")
    end: datetime | None = Field(None, description="window end (exclusive), timezone-aware")


class WaitlistInfo(BaseModel):
    """The patient's waitlist entry."""

    ok: Literal[True] = True
    entry_id: str
    practitioner_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def references(self) -> list[str]:
        return [f"Appointment/{self.entry_id}"]
