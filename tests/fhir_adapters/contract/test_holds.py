"""Contract: a hold reserves a slot for a while, then lets it go by itself."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import SlotInPastError, SlotNotFoundError, SlotTakenError
from fhir_adapters.queries import Actor, SlotQuery
from fhir_adapters.resources import Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

ACTOR = Actor(name="contract-test")


async def _offered(backend: SchedulingBackend, clinic: FixtureClinic, slot_id: str) -> bool:
    views = await backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.gp_id, clinic.paed_id), limit=100)
    )
    return slot_id in {v.slot_id for v in views}


async def test_a_held_slot_is_tentative_and_not_offered(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    hold = await backend.hold_slot(slot_id, duration=timedelta(minutes=5), actor=ACTOR)

    assert hold.slot_id == slot_id and hold.token
    assert hold.expires_at == clock.now() + timedelta(minutes=5)
    assert (await backend.get(Slot, slot_id)).status == "busy-tentative"
    assert not await _offered(backend, clinic, slot_id)
    with pytest.raises(SlotTakenError):
        await backend.hold_slot(slot_id, actor=ACTOR)


async def test_only_the_holder_can_book_a_held_slot(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(11, 0))
    hold = await backend.hold_slot(slot_id, actor=ACTOR)

    with pytest.raises(SlotTakenError):
        await backend.book(booking(slot_id, clinic.bob_id))
    with pytest.raises(SlotTakenError):
        await backend.book(booking(slot_id, clinic.bob_id, hold_token="not-the-token"))
    appointment = await backend.book(booking(slot_id, clinic.alice_id, hold_token=hold.token))
    assert appointment.status == "booked"
    assert (await backend.get(Slot, slot_id)).status == "busy"


async def test_an_expired_hold_frees_the_slot_for_anyone(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.paed_id, 2, time(9, 0))
    await backend.hold_slot(slot_id, duration=timedelta(minutes=2), actor=ACTOR)
    clock.advance(timedelta(minutes=3))

    assert await _offered(backend, clinic, slot_id)
    appointment = await backend.book(booking(slot_id, clinic.bob_id))
    assert appointment.status == "booked"
    assert (await backend.get(Slot, slot_id)).status == "busy"


async def test_releasing_a_hold_frees_the_slot_and_is_harmless_when_repeated(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 2, time(14, 0))
    hold = await backend.hold_slot(slot_id, actor=ACTOR)
    await backend.release_hold(hold, actor=ACTOR)
    await backend.release_hold(hold, actor=ACTOR)

    assert (await backend.get(Slot, slot_id)).status == "free"
    assert await _offered(backend, clinic, slot_id)


async def test_releasing_a_used_hold_leaves_the_booking_alone(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 3, time(14, 0))
    hold = await backend.hold_slot(slot_id, actor=ACTOR)
    await backend.book(booking(slot_id, clinic.alice_id, hold_token=hold.token))
    await backend.release_hold(hold, actor=ACTOR)

    assert (await backend.get(Slot, slot_id)).status == "busy"


async def test_holding_a_taken_past_or_unknown_slot_is_refused(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    booked = clinic.slot(clinic.gp_id, 4, time(9, 0))
    await backend.book(booking(booked, clinic.alice_id))

    with pytest.raises(SlotTakenError):
        await backend.hold_slot(booked, actor=ACTOR)
    with pytest.raises(SlotInPastError):
        await backend.hold_slot(clinic.slot(clinic.gp_id, 0, time(7, 30)), actor=ACTOR)
    with pytest.raises(SlotNotFoundError):
        await backend.hold_slot(f"no-such-slot-{clinic.tag}", actor=ACTOR)
