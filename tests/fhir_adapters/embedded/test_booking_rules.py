"""Embedded-store rules beyond the contract: visit types, bad input, quiet retries."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Patient, Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

ACTOR = Actor(name="test")


async def test_a_slot_is_booked_only_for_a_visit_type_it_takes(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))  # GP: consultation, follow-up

    with pytest.raises(InvalidRequestError, match="vaccination"):
        await store.book(booking(slot_id, clinic.alice_id, service_type="vaccination"))
    assert (await store.get(Slot, slot_id)).status == "free"
    default = await store.book(booking(slot_id, clinic.alice_id))
    assert default.serviceType is not None
    assert default.serviceType[0].coding[0].code == "consultation"


async def test_a_retried_booking_writes_no_second_audit_event(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    request = booking(clinic.slot(clinic.gp_id, 2, time(9, 0)), clinic.alice_id)
    await store.book(request)
    trail = await store.list_audit_events(limit=1000)
    await store.book(request)

    assert len(await store.list_audit_events(limit=1000)) == len(trail)


async def test_bad_input_is_refused_with_a_clear_error(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 2, time(11, 0))

    with pytest.raises(InvalidRequestError):
        await store.hold_slot(slot_id, duration=timedelta(0), actor=ACTOR)
    with pytest.raises(InvalidRequestError):
        await store.create_patient(Patient(birthDate="1990-01-01"), actor=ACTOR)
    with pytest.raises(InvalidRequestError):
        await store.put_resources([Patient(name=[{"family": "NoId"}])])
    with pytest.raises(InvalidRequestError):
        store.load_json([{"resourceType": "Slot", "id": "x", "status": "open"}])
    assert (await store.get(Slot, slot_id)).status == "free"


async def test_a_same_second_write_keeps_versions_increasing(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    slot_id = clinic.slot(clinic.paed_id, 1, time(9, 0))
    before = await store.get(Slot, slot_id)
    hold = await store.hold_slot(slot_id, actor=ACTOR)
    await store.release_hold(hold, actor=ACTOR)

    after = await store.get(Slot, slot_id)
    assert int(after.meta.versionId) == int(before.meta.versionId) + 2
