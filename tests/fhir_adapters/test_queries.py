"""The protocol's query models: parts of day as callers mean them, and bad queries refused."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from pydantic import ValidationError

from fhir_adapters.queries import BookingRequest, PartOfDay, PatientQuery, SlotQuery


def _in(part: PartOfDay, at: time) -> bool:
    low, high = part.bounds()
    return low <= at < high


@pytest.mark.parametrize(
    ("at", "part", "inside"),
    [
        (time(8, 30), PartOfDay.MORNING, True),
        (time(12, 10), PartOfDay.MORNING, True),  # end of the morning session
        (time(12, 10), PartOfDay.AFTERNOON, False),  # "l'après-midi" is after lunch
        (time(13, 0), PartOfDay.AFTERNOON, True),
        (time(17, 45), PartOfDay.AFTERNOON, True),
        (time(18, 0), PartOfDay.AFTERNOON, False),
        (time(18, 0), PartOfDay.EVENING, True),
        (time(19, 15), PartOfDay.EVENING, True),
    ],
)
def test_parts_of_day(at: time, part: PartOfDay, inside: bool) -> None:
    assert _in(part, at) is inside


def test_slot_query_needs_aware_datetimes_in_order() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        SlotQuery(start=datetime(2026, 11, 24, 9, 0))
    aware = datetime.fromisoformat("2026-11-24T09:00:00+01:00")
    with pytest.raises(ValidationError, match="end must be after start"):
        SlotQuery(start=aware, end=aware)
    with pytest.raises(ValidationError, match="weekdays"):
        SlotQuery(weekdays=(0,))
    with pytest.raises(ValidationError):
        SlotQuery(limit=0)


def test_patient_query_needs_something_to_look_for() -> None:
    with pytest.raises(ValidationError, match="identifier, a name, a phone or a birth date"):
        PatientQuery()
    assert PatientQuery(phone="+33612000001").phone == "+33612000001"
    assert PatientQuery(birth_date=date(1963, 4, 7)).birth_date == date(1963, 4, 7)


def test_booking_request_needs_a_real_idempotency_key() -> None:
    with pytest.raises(ValidationError):
        BookingRequest(slot_id="s", patient_id="p", idempotency_key="short")
