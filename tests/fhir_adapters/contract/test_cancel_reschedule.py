"""Contract: cancel frees the slot; reschedule moves a visit all at once; scoping holds."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import (
    AppointmentNotFoundError,
    AppointmentStateError,
    SlotTakenError,
)
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Appointment, Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

ACTOR = Actor(name="contract-test")


async def test_cancel_marks_the_visit_cancelled_and_frees_the_slot(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    appointment = await backend.book(booking(slot_id, clinic.alice_id))

    cancelled = await backend.cancel(
        str(appointment.id), patient_id=clinic.alice_id, reason="feeling better", actor=ACTOR
    )

    assert cancelled.status == "cancelled"
    assert (await backend.get(Appointment, str(appointment.id))).status == "cancelled"
    assert (await backend.get(Slot, slot_id)).status == "free"
    rebooked = await backend.book(booking(slot_id, clinic.bob_id))
    assert rebooked.status == "booked"


async def test_cancelling_twice_returns_the_cancelled_visit(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    appointment = await backend.book(
        booking(clinic.slot(clinic.gp_id, 1, time(11, 0)), clinic.alice_id)
    )
    await backend.cancel(str(appointment.id), patient_id=clinic.alice_id, actor=ACTOR)

    again = await backend.cancel(str(appointment.id), patient_id=clinic.alice_id, actor=ACTOR)
    assert again.status == "cancelled"


async def test_a_patient_cannot_cancel_someone_elses_visit(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.paed_id, 1, time(9, 0))
    appointment = await backend.book(booking(slot_id, clinic.alice_id))

    with pytest.raises(AppointmentNotFoundError):
        await backend.cancel(str(appointment.id), patient_id=clinic.bob_id, actor=ACTOR)
    assert (await backend.get(Appointment, str(appointment.id))).status == "booked"
    assert (await backend.get(Slot, slot_id)).status == "busy"


async def test_cancelling_an_unknown_visit_is_reported(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(AppointmentNotFoundError):
        await backend.cancel(f"no-such-appt-{clinic.tag}", patient_id=None, actor=ACTOR)


async def test_a_visit_that_has_started_cannot_be_cancelled(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    appointment = await backend.book(
        booking(clinic.slot(clinic.gp_id, 0, time(9, 0)), clinic.alice_id)
    )
    clock.advance(timedelta(hours=2))  # 10:00, the 09:00 visit is over

    with pytest.raises(AppointmentStateError):
        await backend.cancel(str(appointment.id), patient_id=clinic.alice_id, actor=ACTOR)
    assert (await backend.get(Appointment, str(appointment.id))).status == "booked"


async def test_reschedule_books_the_new_slot_and_cancels_the_old_visit(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    old_slot = clinic.slot(clinic.gp_id, 1, time(9, 0))
    new_slot = clinic.slot(clinic.gp_id, 2, time(14, 0))
    old = await backend.book(booking(old_slot, clinic.alice_id))

    new = await backend.reschedule(str(old.id), booking(new_slot, clinic.alice_id))

    assert new.status == "booked" and new.id != old.id
    assert (await backend.get(Appointment, str(old.id))).status == "cancelled"
    assert (await backend.get(Slot, old_slot)).status == "free"
    assert (await backend.get(Slot, new_slot)).status == "busy"
    upcoming = await backend.list_appointments(
        patient_id=clinic.alice_id, statuses=("booked",), upcoming_only=True
    )
    assert [v.appointment_id for v in upcoming] == [new.id]


async def test_a_moved_visit_keeps_its_visit_type_and_reason(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    old_slot = clinic.slot(clinic.gp_id, 1, time(9, 0))
    old = await backend.book(
        booking(old_slot, clinic.alice_id, service_type="follow-up", reason="back pain")
    )

    new = await backend.reschedule(
        str(old.id), booking(clinic.slot(clinic.gp_id, 2, time(14, 0)), clinic.alice_id)
    )

    stored = await backend.get(Appointment, str(new.id))
    assert [c.code for s in stored.serviceType or [] for c in s.coding or []] == ["follow-up"]
    assert [r.text for r in stored.reasonCode or []] == ["back pain"]


async def test_reschedule_to_a_taken_slot_changes_nothing(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    old_slot = clinic.slot(clinic.gp_id, 1, time(11, 0))
    taken = clinic.slot(clinic.gp_id, 2, time(9, 0))
    old = await backend.book(booking(old_slot, clinic.alice_id))
    await backend.book(booking(taken, clinic.bob_id))

    with pytest.raises(SlotTakenError):
        await backend.reschedule(str(old.id), booking(taken, clinic.alice_id))

    assert (await backend.get(Appointment, str(old.id))).status == "booked"
    assert (await backend.get(Slot, old_slot)).status == "busy"
    alice = await backend.list_appointments(patient_id=clinic.alice_id)
    assert [v.appointment_id for v in alice] == [old.id]


async def test_a_patient_cannot_reschedule_someone_elses_visit(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    old = await backend.book(booking(clinic.slot(clinic.paed_id, 1, time(14, 0)), clinic.alice_id))
    target = clinic.slot(clinic.paed_id, 3, time(14, 0))

    with pytest.raises(AppointmentNotFoundError):
        await backend.reschedule(str(old.id), booking(target, clinic.bob_id))
    assert (await backend.get(Slot, target)).status == "free"
    assert (await backend.get(Appointment, str(old.id))).status == "booked"


async def test_retrying_a_reschedule_does_not_book_twice(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    old = await backend.book(booking(clinic.slot(clinic.gp_id, 3, time(9, 0)), clinic.alice_id))
    request = booking(clinic.slot(clinic.gp_id, 3, time(11, 0)), clinic.alice_id)

    first = await backend.reschedule(str(old.id), request)
    again = await backend.reschedule(str(old.id), request)

    assert again.id == first.id
    booked = await backend.list_appointments(patient_id=clinic.alice_id, statuses=("booked",))
    assert [v.appointment_id for v in booked] == [first.id]


async def test_list_appointments_filters_by_status_and_upcoming(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    today = await backend.book(booking(clinic.slot(clinic.gp_id, 0, time(9, 0)), clinic.carol_id))
    later = await backend.book(booking(clinic.slot(clinic.gp_id, 4, time(9, 0)), clinic.carol_id))
    gone = await backend.book(booking(clinic.slot(clinic.gp_id, 2, time(9, 0)), clinic.carol_id))
    await backend.cancel(str(gone.id), patient_id=clinic.carol_id, actor=ACTOR)
    clock.advance(timedelta(hours=3))

    every = await backend.list_appointments(patient_id=clinic.carol_id)
    assert [v.appointment_id for v in every] == [today.id, gone.id, later.id]
    upcoming = await backend.list_appointments(
        patient_id=clinic.carol_id, statuses=("booked",), upcoming_only=True
    )
    assert [v.appointment_id for v in upcoming] == [later.id]
