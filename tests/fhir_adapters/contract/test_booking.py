"""Contract: booking is atomic, idempotent, audited, and refuses what it must."""

from __future__ import annotations

import uuid
from datetime import time

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import (
    InvalidRequestError,
    PatientNotFoundError,
    SlotInPastError,
    SlotNotFoundError,
    SlotTakenError,
)
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Slot, ref_id
from tests.fhir_adapters.contract.clinic import FixtureClinic

ACTOR = Actor(name="contract-test", conversation_id="conv-1")


def booking(
    slot_id: str, patient_id: str, key: str | None = None, **extra: object
) -> BookingRequest:
    """A booking request with a fresh idempotency key unless one is given."""
    return BookingRequest(
        slot_id=slot_id,
        patient_id=patient_id,
        idempotency_key=key or f"key-{uuid.uuid4().hex}",
        actor=ACTOR,
        **extra,  # type: ignore[arg-type]
    )


async def test_book_creates_a_booked_appointment_and_makes_the_slot_busy(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    appointment = await backend.book(
        booking(slot_id, clinic.alice_id, service_type="follow-up", reason="sore throat")
    )

    assert appointment.status == "booked"
    assert [ref_id(s, "Slot") for s in appointment.slot or []] == [slot_id]
    actors = {p.actor.reference for p in appointment.participant if p.actor}
    assert f"Patient/{clinic.alice_id}" in actors
    assert f"Practitioner/{clinic.gp_id}" in actors
    slot = await backend.get(Slot, slot_id)
    assert slot.status == "busy"
    assert appointment.start == slot.start
    assert appointment.serviceType[0].coding[0].code == "follow-up"
    listed = await backend.list_appointments(patient_id=clinic.alice_id)
    assert [v.appointment_id for v in listed] == [appointment.id]
    assert listed[0].practitioner is not None and listed[0].practitioner.id == clinic.gp_id


async def test_a_booked_slot_is_no_longer_offered(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    query = SlotQuery(practitioner_ids=(clinic.gp_id,), limit=1)
    first = (await backend.find_slots(query))[0]
    await backend.book(booking(first.slot_id, clinic.alice_id))

    after = await backend.find_slots(query)
    assert after[0].slot_id != first.slot_id


async def test_retrying_with_the_same_key_returns_the_first_appointment(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    request = booking(clinic.slot(clinic.gp_id, 1, time(11, 0)), clinic.alice_id)
    first = await backend.book(request)
    again = await backend.book(request)

    assert again.id == first.id
    listed = await backend.list_appointments(slot_id=request.slot_id)
    assert len(listed) == 1


async def test_reusing_a_key_for_another_slot_is_refused(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    key = f"key-{uuid.uuid4().hex}"
    await backend.book(booking(clinic.slot(clinic.gp_id, 1, time(9, 0)), clinic.alice_id, key))
    other = clinic.slot(clinic.gp_id, 2, time(9, 0))

    with pytest.raises(InvalidRequestError):
        await backend.book(booking(other, clinic.alice_id, key))
    assert (await backend.get(Slot, other)).status == "free"


async def test_a_taken_slot_cannot_be_booked_by_another_patient(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.paed_id, 0, time(14, 0))
    first = await backend.book(booking(slot_id, clinic.alice_id))

    with pytest.raises(SlotTakenError):
        await backend.book(booking(slot_id, clinic.bob_id))
    listed = await backend.list_appointments(slot_id=slot_id, statuses=("booked",))
    assert [v.appointment_id for v in listed] == [first.id]


async def test_a_past_slot_cannot_be_booked(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    past = clinic.slot(clinic.gp_id, 0, time(7, 30))  # Monday 07:30, now is 08:00

    with pytest.raises(SlotInPastError):
        await backend.book(booking(past, clinic.alice_id))
    assert (await backend.get(Slot, past)).status == "free"


async def test_an_unknown_slot_or_patient_is_reported(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(14, 0))

    with pytest.raises(SlotNotFoundError):
        await backend.book(booking(f"no-such-slot-{clinic.tag}", clinic.alice_id))
    with pytest.raises(PatientNotFoundError):
        await backend.book(booking(slot_id, f"no-such-patient-{clinic.tag}"))
    assert (await backend.get(Slot, slot_id)).status == "free"
    assert await backend.list_appointments(slot_id=slot_id) == []


async def test_booking_is_audited_without_patient_data(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    appointment = await backend.book(
        booking(clinic.slot(clinic.gp_id, 3, time(9, 0)), clinic.alice_id, reason="back pain")
    )

    events = await backend.list_audit_events(limit=20)
    mine = [
        e
        for e in events
        if any(
            en.what and en.what.reference == f"Appointment/{appointment.id}"
            for en in e.entity or []
        )
    ]
    assert len(mine) == 1
    event = mine[0]
    assert event.action == "C"
    assert event.agent[0].who is not None and event.agent[0].who.display == "contract-test"
    text = event.model_dump_json()
    for private in (clinic.family, "Alice", clinic.alice_phone, "1985", "back pain"):
        assert private not in text
