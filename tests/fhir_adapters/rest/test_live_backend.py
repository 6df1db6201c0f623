"""RestBackend against a real FHIR R4 server (FHIR_BASE_URL): reads, holds, bookings, cancels."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import (
    AppointmentNotFoundError,
    PatientNotFoundError,
    SlotInPastError,
    SlotNotFoundError,
    SlotTakenError,
)
from fhir_adapters.queries import Actor, BookingRequest, PartOfDay, PatientQuery, SlotQuery
from fhir_adapters.resources import Slot
from fhir_adapters.rest import RestBackend
from tests.fhir_adapters.rest.clinic import MiniClinic

pytestmark = pytest.mark.fhir_server


def _request(
    clinic: MiniClinic, slot: int = 0, key: str = "key", patient: int = 0
) -> BookingRequest:
    return BookingRequest(
        slot_id=clinic.slot_ids[slot],
        patient_id=clinic.patient_ids[patient],
        idempotency_key=f"{clinic.prefix}-{key}",
    )


async def test_find_slots_by_practitioner_earliest_first(
    live_backend: RestBackend, clinic: MiniClinic
) -> None:
    views = await live_backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=5)
    )
    assert [v.slot_id for v in views] == clinic.slot_ids[:5]
    assert views[0].practitioner is not None and views[0].practitioner.id == clinic.practitioner_id
    assert views[0].location is not None and views[0].location.id == clinic.location_id


async def test_find_slots_filters_specialty_part_of_day_and_weekday(
    live_backend: RestBackend, clinic: MiniClinic, clock: FixedClock
) -> None:
    tomorrow = (clock.now() + timedelta(days=1)).isoweekday()
    views = await live_backend.find_slots(
        SlotQuery(
            practitioner_ids=(clinic.practitioner_id, clinic.other_practitioner_id),
            specialty="dentistry",
            part_of_day=PartOfDay.MORNING,
            not_before=time(10, 0),
            weekdays=(tomorrow,),
            limit=50,
        )
    )
    ids = {v.slot_id for v in views}
    # Morning runs to 12:30 (PartOfDay.bounds), so the 12:00 slot is a morning slot.
    assert ids == set(clinic.other_slot_ids[2:7])  # 10:00, 10:30, 11:00, 11:30, 12:00
    assert all(
        time(10, 0) <= v.start.astimezone(live_backend.tz).time() < time(12, 30) for v in views
    )


async def test_find_slots_never_returns_past_slots(
    live_backend: RestBackend, clinic: MiniClinic, clock: FixedClock
) -> None:
    clock.advance(timedelta(days=1, hours=2))  # tomorrow 10:00: 09:00, 09:30 and 10:00 passed
    views = await live_backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=3)
    )
    assert [v.slot_id for v in views] == clinic.slot_ids[3:6]


async def test_two_query_fallback_when_chained_search_is_not_used(
    fhir_base_url: str, clinic: MiniClinic, clock: FixedClock
) -> None:
    backend = RestBackend(fhir_base_url, tz="Europe/Paris", clock=clock, vendor="epic")
    try:
        views = await backend.find_slots(
            SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=3)
        )
    finally:
        await backend.close()
    assert [v.slot_id for v in views] == clinic.slot_ids[:3]


async def test_book_marks_slot_busy_and_is_idempotent(
    live_backend: RestBackend, clinic: MiniClinic
) -> None:
    first = await live_backend.book(_request(clinic))
    again = await live_backend.book(_request(clinic))
    assert first.id == again.id and first.status == "booked"
    slot = await live_backend.get(Slot, clinic.slot_ids[0])
    assert slot.status == "busy"
    listed = await live_backend.list_appointments(slot_id=clinic.slot_ids[0])
    assert [v.appointment_id for v in listed] == [first.id]
    audits = await live_backend.list_audit_events(limit=500)
    assert any(e.entity and e.entity[0].what.reference == f"Appointment/{first.id}" for e in audits)


async def test_concurrent_bookings_of_one_slot_book_it_once(
    live_backend: RestBackend, clinic: MiniClinic
) -> None:
    requests = [_request(clinic, key=f"race{i}", patient=i % 3) for i in range(12)]
    results = await asyncio.gather(
        *(live_backend.book(r) for r in requests), return_exceptions=True
    )
    booked = [r for r in results if not isinstance(r, BaseException)]
    assert len(booked) == 1
    assert all(isinstance(r, SlotTakenError) for r in results if isinstance(r, BaseException))
    listed = await live_backend.list_appointments(slot_id=clinic.slot_ids[0])
    assert len(listed) == 1


async def test_booking_errors(
    live_backend: RestBackend, clinic: MiniClinic, clock: FixedClock
) -> None:
    with pytest.raises(SlotNotFoundError):
        await live_backend.book(
            _request(clinic).model_copy(update={"slot_id": "nope-" + clinic.prefix})
        )
    with pytest.raises(PatientNotFoundError):
        await live_backend.book(_request(clinic).model_copy(update={"patient_id": "nobody"}))
    clock.advance(timedelta(days=2))
    with pytest.raises(SlotInPastError):
        await live_backend.book(_request(clinic))


async def test_hold_blocks_others_until_it_expires(
    live_backend: RestBackend, clinic: MiniClinic, clock: FixedClock
) -> None:
    actor = Actor()
    hold = await live_backend.hold_slot(
        clinic.slot_ids[1], duration=timedelta(minutes=5), actor=actor
    )
    with pytest.raises(SlotTakenError):
        await live_backend.book(_request(clinic, slot=1, key="other"))
    found = await live_backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=3)
    )
    assert clinic.slot_ids[1] not in {v.slot_id for v in found}
    mine = _request(clinic, slot=1, key="mine").model_copy(update={"hold_token": hold.token})
    assert (await live_backend.book(mine)).status == "booked"
    hold2 = await live_backend.hold_slot(clinic.slot_ids[2], actor=actor)
    clock.advance(timedelta(minutes=6))
    found = await live_backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=3)
    )
    assert clinic.slot_ids[2] in {v.slot_id for v in found}
    await live_backend.release_hold(hold2, actor=actor)
    assert (await live_backend.get(Slot, clinic.slot_ids[2])).status == "free"


async def test_cancel_frees_the_slot_and_refuses_other_patients(
    live_backend: RestBackend, clinic: MiniClinic
) -> None:
    appointment = await live_backend.book(_request(clinic))
    with pytest.raises(AppointmentNotFoundError):
        await live_backend.cancel(
            str(appointment.id), patient_id=clinic.patient_ids[1], actor=Actor()
        )
    done = await live_backend.cancel(
        str(appointment.id), patient_id=clinic.patient_ids[0], reason="better", actor=Actor()
    )
    assert done.status == "cancelled"
    assert (await live_backend.get(Slot, clinic.slot_ids[0])).status == "free"
    again = await live_backend.cancel(str(appointment.id), patient_id=None, actor=Actor())
    assert again.status == "cancelled"


async def test_reschedule_moves_atomically(live_backend: RestBackend, clinic: MiniClinic) -> None:
    old = await live_backend.book(_request(clinic))
    taken = await live_backend.book(_request(clinic, slot=3, key="taken", patient=1))
    with pytest.raises(SlotTakenError):
        await live_backend.reschedule(str(old.id), _request(clinic, slot=3, key="move1"))
    assert (await live_backend.get(type(old), str(old.id))).status == "booked"
    assert taken.status == "booked"
    with pytest.raises(AppointmentNotFoundError):
        await live_backend.reschedule(str(old.id), _request(clinic, slot=4, key="x", patient=1))
    new = await live_backend.reschedule(str(old.id), _request(clinic, slot=4, key="move2"))
    again = await live_backend.reschedule(str(old.id), _request(clinic, slot=4, key="move2"))
    assert new.id == again.id and new.status == "booked"
    assert (await live_backend.get(type(old), str(old.id))).status == "cancelled"
    assert (await live_backend.get(Slot, clinic.slot_ids[0])).status == "free"
    assert (await live_backend.get(Slot, clinic.slot_ids[4])).status == "busy"


async def test_find_patients_folds_accents_and_phone_formats(
    live_backend: RestBackend, clinic: MiniClinic
) -> None:
    family = f"dupont{clinic.prefix}"
    by_name = await live_backend.find_patients(PatientQuery(family=family, given="zoe1"))
    assert [p.id for p in by_name] == [clinic.patient_ids[1]]
    by_birth = await live_backend.find_patients(
        PatientQuery(family=family.upper(), birth_date="1982-02-03")
    )
    assert [p.id for p in by_birth] == [clinic.patient_ids[2]]
    by_phone = await live_backend.find_patients(PatientQuery(phone="06 12 34 00 00"))
    assert clinic.patient_ids[0] in [p.id for p in by_phone]
    by_mrn = await live_backend.find_patients(PatientQuery(identifier=f"{clinic.prefix}-mrn2"))
    assert [p.id for p in by_mrn] == [clinic.patient_ids[2]]
