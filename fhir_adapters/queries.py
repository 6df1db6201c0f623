"""Typed arguments and results of the scheduling-backend protocol.

Datetimes are timezone-aware everywhere. Part-of-day and not-before/not-after filters are
evaluated in the practice's local time zone, which each backend is constructed with.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fhir_adapters.codings import role_specialties, visit_of
from fhir_adapters.resources import (
    Appointment,
    HealthcareService,
    Location,
    Practitioner,
    PractitionerRole,
    Slot,
)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return value


class PartOfDay(StrEnum):
    """Parts of the day as patients say them, in practice-local time."""

    MORNING = "morning"  # before 12:30
    AFTERNOON = "afternoon"  # 13:00 to 17:59
    EVENING = "evening"  # 18:00 and later

    def bounds(self) -> tuple[time, time]:
        """Return [start, end) local times of this part of day.

        Practices end their morning session around 12:30 and reopen after lunch, and a caller
        who asks for "l'après-midi" does not expect a 12:10 slot: the lunch half-hour belongs
        to neither part.
        """
        return {
            PartOfDay.MORNING: (time(0, 0), time(12, 30)),
            PartOfDay.AFTERNOON: (time(13, 0), time(18, 0)),
            PartOfDay.EVENING: (time(18, 0), time(23, 59, 59)),
        }[self]


class SlotQuery(BaseModel):
    """What free slots to look for. Empty fields do not filter."""

    model_config = ConfigDict(frozen=True)

    practitioner_ids: tuple[str, ...] = ()
    specialty: str | None = Field(None, description="specialty code, e.g. 'general-practice'")
    service_type: str | None = Field(None, description="service type code, e.g. 'consultation'")
    location_id: str | None = None
    start: datetime | None = Field(None, description="earliest slot start (inclusive)")
    end: datetime | None = Field(None, description="latest slot start (exclusive)")
    part_of_day: PartOfDay | None = None
    not_before: time | None = Field(None, description="practice-local time of day, inclusive")
    not_after: time | None = Field(None, description="practice-local; slot starts before")
    weekdays: tuple[int, ...] = Field((), description="ISO weekdays allowed, 1=Monday .. 7=Sunday")
    limit: int = Field(10, ge=1, le=500)

    _check_start = field_validator("start", "end")(lambda cls, v: _aware(v))

    @model_validator(mode="after")
    def _range(self) -> SlotQuery:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("end must be after start")
        if any(d < 1 or d > 7 for d in self.weekdays):
            raise ValueError("weekdays are ISO numbers 1..7")
        return self


class PatientQuery(BaseModel):
    """How to look a patient up: by identifier, by name (+ birth date), by phone, or by birth
    date alone (one day's births: where a name was heard, not read, and is compared by sound)."""

    model_config = ConfigDict(frozen=True)

    identifier: str | None = Field(None, description="e.g. an MRN or national id value")
    family: str | None = None
    given: str | None = None
    birth_date: date | None = None
    phone: str | None = Field(None, description="any format; compared as E.164")

    @model_validator(mode="after")
    def _something(self) -> PatientQuery:
        if not any((self.identifier, self.family, self.given, self.phone, self.birth_date)):
            raise ValueError("a patient query needs an identifier, a name, a phone or a birth date")
        return self


class PractitionerMatch(BaseModel):
    """A practitioner found by name or specialty, with their roles and a match score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    practitioner: Practitioner
    roles: list[PractitionerRole] = []
    score: float = Field(100.0, description="0-100; 100 is an exact match")

    @property
    def specialties(self) -> list[str]:
        """Specialty concepts of every role (``fhir_adapters.codings``), in order.

        Read from each role's specialty and, for an EHR that codes the occupation instead
        (SNOMED CT "cardiologist"), from its code when that maps to a specialty.
        """
        out: list[str] = []
        for role in self.roles:
            keys = role_specialties(role.model_dump(mode="json", exclude_none=True))
            out += [k for k in keys if k not in out]
        return out


class ServiceMatch(BaseModel):
    """A healthcare service found by name, with a match score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    service: HealthcareService
    score: float = 100.0


class Hold(BaseModel):
    """A short-lived reservation of a slot (Slot status busy-tentative until ``expires_at``)."""

    slot_id: str
    token: str
    expires_at: datetime


class Actor(BaseModel):
    """Who performs a write, for the audit trail (never patient data)."""

    name: str = Field("frontdesk-agent", description="system or user name")
    conversation_id: str | None = None
    user_id: str | None = Field(None, description="a person's account id (staff), if a person")


class AuditRecord(BaseModel):
    """A person's read or action to keep in the audit trail: who, what, which patient.

    The backend stamps when. ``purpose`` is a fixed machine word ("view-transcript",
    "take-over", ...), never free text, so no patient data can reach the trail through it.
    """

    actor: Actor
    action: Literal["C", "R", "U", "D", "E"] = Field(
        ..., description="FHIR AuditEvent action: create, read, update, delete, execute"
    )
    purpose: str = Field(..., pattern=r"^[a-z][a-z0-9-]{0,63}$")
    patient_id: str | None = None
    entities: list[str] = Field(
        default_factory=list, description='"Type/id" references of what was touched'
    )
    success: bool = True


class BookingRequest(BaseModel):
    """Book ``slot_id`` for ``patient_id``. Retrying with the same ``idempotency_key`` is safe."""

    slot_id: str
    patient_id: str
    idempotency_key: str = Field(..., min_length=8, max_length=200)
    hold_token: str | None = None
    service_type: str | None = None
    reason: str | None = Field(None, max_length=500, description="reason, patient's words")
    actor: Actor = Actor()

    def keeping_visit_of(self, old: Mapping[str, Any]) -> BookingRequest:
        """This request, with the visit type and reason of ``old`` (Appointment JSON) where it
        names none: a move is the same visit at another time, so nothing of it is lost."""
        service = self.service_type or visit_of(old)
        reason = self.reason or next(
            (str(r["text"]) for r in old.get("reasonCode") or [] if r.get("text")), None
        )
        return self.model_copy(update={"service_type": service, "reason": reason})


class SlotView(BaseModel):
    """A free slot joined with who, where and what, ready to be read to a patient."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    slot: Slot
    practitioner: Practitioner | None = None
    location: Location | None = None
    service_type: str | None = None

    @property
    def slot_id(self) -> str:
        return str(self.slot.id)

    @property
    def start(self) -> datetime:
        return self.slot.start  # type: ignore[return-value]

    @property
    def end(self) -> datetime:
        return self.slot.end  # type: ignore[return-value]


class AppointmentView(BaseModel):
    """An appointment joined with its practitioner and location."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    appointment: Appointment
    practitioner: Practitioner | None = None
    location: Location | None = None

    @property
    def appointment_id(self) -> str:
        return str(self.appointment.id)

    @property
    def start(self) -> datetime:
        return self.appointment.start  # type: ignore[return-value]


DEFAULT_HOLD = timedelta(minutes=5)
