"""Contract: appointments listed for a window of time (a day's schedule in the staff console)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from fhir_adapters.backend import SchedulingBackend
from tests.fhir_adapters.contract.clinic import MONDAY, FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

PARIS = ZoneInfo("Europe/Paris")


async def test_a_days_window_lists_that_days_appointments_only(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    tuesday = await backend.book(booking(clinic.slot(clinic.gp_id, 1, time(9, 0)), clinic.alice_id))
    wednesday = await backend.book(booking(clinic.slot(clinic.gp_id, 2, time(9, 0)), clinic.bob_id))
    day = datetime.combine(MONDAY + timedelta(days=1), time(0, 0), PARIS)

    listed = await backend.list_appointments(
        patient_id=None, start=day, end=day + timedelta(days=1), limit=500
    )
    ids = {v.appointment_id for v in listed}
    assert tuesday.id in ids and wednesday.id not in ids
    later = await backend.list_appointments(start=day + timedelta(days=1), limit=500)
    assert wednesday.id in {v.appointment_id for v in later}
    assert tuesday.id not in {v.appointment_id for v in later}
