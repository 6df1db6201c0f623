"""The ``outreach:`` section of a practice's file: what it sends to patients, and when.

Durations are written as people write them: ``48h``, ``2h``, ``15m``, ``7d``, ``6w``. Every
model forbids unknown keys, like the rest of the configuration.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from agent.clinic.vocabulary import ServiceTypeCode

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$")
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")

Channel = Literal["sms", "whatsapp", "email"]


def parse_duration(text: str) -> timedelta:
    """``"48h"`` -> 48 hours; minutes (m), hours (h), days (d) or weeks (w)."""
    match = _DURATION.match(str(text))
    if match is None:
        raise ValueError(f"{text!r} is not a duration like '48h', '2h', '15m', '7d' or '6w'")
    value = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if value <= timedelta(0):
        raise ValueError(f"{text!r} must be longer than zero")
    return value


def _duration_text(value: str) -> str:
    parse_duration(value)
    return value.strip()


def _clock_text(value: str) -> str:
    if _CLOCK.match(value) is None:
        raise ValueError(f"{value!r} is not a time of day like '20:00'")
    return value.strip()


Duration = Annotated[str, AfterValidator(_duration_text)]
ClockTime = Annotated[str, AfterValidator(_clock_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    """A short text in each language (shown inside a message)."""

    fr: str = Field(..., min_length=1)
    en: str = Field(..., min_length=1)

    def get(self, language: str) -> str:
        """The text in ``language`` (French for anything but English)."""
        return self.en if language == "en" else self.fr


class QuietHours(_Strict):
    """When nothing but an answer to the patient's own message is sent (practice-local)."""

    start: ClockTime = "20:00"
    end: ClockTime = "08:30"
    sundays: bool = Field(True, description="the whole of Sunday is quiet too")

    @staticmethod
    def _at(text: str) -> time:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))

    @property
    def start_time(self) -> time:
        """Quiet hours begin (local)."""
        return self._at(self.start)

    @property
    def end_time(self) -> time:
        """Quiet hours end (local)."""
        return self._at(self.end)


class WaitlistRules(_Strict):
    """How a freed slot is offered to waiting patients."""

    hold: Duration = Field("15m", description="how long the slot is kept for the waitlist")
    offer_to: int = Field(5, ge=1, le=100, description="waiting patients offered one slot")
    window: Duration = Field("14d", description="entries with no period wait this long ahead")

    @property
    def hold_for(self) -> timedelta:
        """The hold as a timedelta."""
        return parse_duration(self.hold)


class RecallCampaign(_Strict):
    """Patients due for a visit, found in the EHR's appointments, invited by message.

    A patient is due when their last visit of ``after_service`` ended ``after`` ago or more,
    and they have no visit of ``book_service`` since then or booked ahead.
    """

    key: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    label: Label
    after_service: list[ServiceTypeCode] = Field(..., min_length=1)
    after: Duration
    book_service: ServiceTypeCode
    offer_slots: int = Field(3, ge=1, le=5)


ReminderKey = ServiceTypeCode | Literal["default"]


def _default_reminders() -> dict[ReminderKey, list[str]]:
    return {"default": ["48h", "2h"]}


class OutreachConfig(_Strict):
    """What the practice sends: confirmations, reminders, recalls and waitlist offers."""

    channel: Channel = Field("sms", description="default channel when the patient has none")
    confirmations: bool = True
    reminders: dict[ReminderKey, list[Duration]] = Field(
        default_factory=_default_reminders,
        description="offsets before the visit, per service type ('default' for the others)",
    )
    quiet_hours: QuietHours = QuietHours()
    waitlist: WaitlistRules = WaitlistRules()
    recalls: list[RecallCampaign] = []
    recall_rate_per_hour: int = Field(60, ge=1, le=10_000, description="recall messages per hour")

    @field_validator("recalls")
    @classmethod
    def _unique_keys(cls, value: list[RecallCampaign]) -> list[RecallCampaign]:
        keys = [c.key for c in value]
        if len(set(keys)) != len(keys):
            raise ValueError("two recall campaigns share a key")
        return value

    def reminder_offsets(self, service_type: str | None) -> list[timedelta]:
        """Reminder offsets before a visit of ``service_type``, longest first."""
        texts = self.reminders.get(service_type or "default")  # type: ignore[call-overload]
        if texts is None:
            texts = self.reminders.get("default", [])
        return sorted({parse_duration(t) for t in texts}, reverse=True)
