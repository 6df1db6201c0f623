"""The store survives restarts, and several instances on one file see each other's writes."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import SlotQuery
from fhir_adapters.resources import Appointment, Practitioner, Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic, build_clinic
from tests.fhir_adapters.contract.test_booking import booking


async def test_bookings_survive_closing_and_reopening_the_file(
    store: EmbeddedBackend, clinic: FixtureClinic, store_path: Path, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    appointment = await store.book(booking(slot_id, clinic.alice_id))
    await store.close()

    reopened = EmbeddedBackend(store_path, tz="Europe/Paris", clock=clock)
    try:
        assert (await reopened.get(Appointment, str(appointment.id))).status == "booked"
        assert (await reopened.get(Slot, slot_id)).status == "busy"
        matches = await reopened.find_practitioners("martin")
        assert [m.practitioner.id for m in matches] == [clinic.gp_id]
    finally:
        await reopened.close()


async def test_a_second_instance_sees_directory_changes_of_the_first(
    store: EmbeddedBackend, store_path: Path, clock: FixedClock
) -> None:
    other = EmbeddedBackend(store_path, tz="Europe/Paris", clock=clock)
    try:
        assert await other.find_practitioners("martin") == []  # loads the (empty) directory
        seeded, resources = build_clinic()
        await store.put_resources(resources)

        matches = await other.find_practitioners("martin")
        assert [m.practitioner.id for m in matches] == [seeded.gp_id]
        views = await other.find_slots(SlotQuery(practitioner_ids=(seeded.gp_id,), limit=1))
        assert views[0].practitioner is not None
        assert views[0].practitioner.id == seeded.gp_id
    finally:
        await other.close()


async def test_a_memory_store_is_private_to_its_instance(clock: FixedClock) -> None:
    first = EmbeddedBackend(":memory:", tz="Europe/Paris", clock=clock)
    second = EmbeddedBackend(":memory:", tz="Europe/Paris", clock=clock)
    try:
        await first.put_resources([Practitioner(id="p1", name=[{"family": "Martin"}])])
        assert len(await first.find_practitioners("martin")) == 1
        assert await second.find_practitioners("martin") == []
    finally:
        await first.close()
        await second.close()


async def test_close_is_safe_to_call_twice(store: EmbeddedBackend) -> None:
    await store.close()
    await store.close()
    store.close_sync()
