"""Holds are written into the Slot JSON so any FHIR client can see when they end."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.embedded.columns import HOLD_EXPIRES_URL
from fhir_adapters.queries import Actor, Hold, SlotQuery
from fhir_adapters.resources import Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

ACTOR = Actor(name="test")


def _hold_expiry(slot: Slot) -> datetime | None:
    for ext in slot.extension or []:
        if ext.url == HOLD_EXPIRES_URL:
            return ext.valueInstant  # type: ignore[no-any-return]
    return None


async def test_a_hold_records_its_expiry_in_the_slot(
    store: EmbeddedBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    hold = await store.hold_slot(slot_id, duration=timedelta(minutes=7), actor=ACTOR)

    slot = await store.get(Slot, slot_id)
    assert _hold_expiry(slot) == clock.now() + timedelta(minutes=7) == hold.expires_at


async def test_booking_or_releasing_clears_the_hold_marks(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    booked_id = clinic.slot(clinic.gp_id, 1, time(11, 0))
    released_id = clinic.slot(clinic.gp_id, 1, time(14, 0))
    hold = await store.hold_slot(booked_id, actor=ACTOR)
    await store.book(booking(booked_id, clinic.alice_id, hold_token=hold.token))
    await store.release_hold(await store.hold_slot(released_id, actor=ACTOR), actor=ACTOR)

    assert (await store.get(Slot, booked_id)).extension is None
    assert (await store.get(Slot, released_id)).extension is None


async def test_an_expired_hold_can_be_taken_over_by_a_new_hold(
    store: EmbeddedBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.paed_id, 2, time(9, 0))
    old = await store.hold_slot(slot_id, duration=timedelta(minutes=1), actor=ACTOR)
    clock.advance(timedelta(minutes=2))
    new = await store.hold_slot(slot_id, actor=ACTOR)
    await store.release_hold(old, actor=ACTOR)  # the stale token must not free the new hold

    assert new.token != old.token
    assert (await store.get(Slot, slot_id)).status == "busy-tentative"
    forged = Hold(slot_id=slot_id, token="forged", expires_at=new.expires_at)
    await store.release_hold(forged, actor=ACTOR)
    assert (await store.get(Slot, slot_id)).status == "busy-tentative"


async def test_an_expired_hold_reads_as_a_free_slot(
    store: EmbeddedBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 3, time(9, 0))
    await store.hold_slot(slot_id, duration=timedelta(minutes=1), actor=ACTOR)
    clock.advance(timedelta(minutes=2))

    slot = await store.get(Slot, slot_id)
    assert slot.status == "free" and _hold_expiry(slot) is None
    views = await store.find_slots(SlotQuery(practitioner_ids=(clinic.gp_id,), limit=50))
    found = [v.slot for v in views if v.slot_id == slot_id]
    assert [s.status for s in found] == ["free"]
