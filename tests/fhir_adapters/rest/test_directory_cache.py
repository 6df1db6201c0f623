"""The REST backend's directory cache on a real FHIR server: what it keeps, and when it lets go.

Practitioners, roles and services are read once per TTL (so a change made by someone else
shows after the TTL), at once after this backend writes the directory itself, and slot
availability is never cached: a slot taken meanwhile is neither offered nor booked.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import SlotTakenError
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Practitioner, PractitionerRole, Slot, ref
from fhir_adapters.rest import RestBackend
from tests.conftest import PRACTICE_TZ
from tests.fhir_adapters.rest.clinic import MiniClinic, seed_mini_clinic

pytestmark = pytest.mark.fhir_server


class Monotonic:
    """A clock for the cache's TTL that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def pair(
    fhir_base_url: str, clock: FixedClock
) -> AsyncIterator[tuple[RestBackend, RestBackend, Monotonic]]:
    """Two backends on one server: ours (TTL 60 s on a fake clock) and someone else's."""
    ticks = Monotonic()
    ours = RestBackend(
        fhir_base_url, tz=PRACTICE_TZ, clock=clock, directory_ttl_s=60, monotonic=ticks
    )
    theirs = RestBackend(fhir_base_url, tz=PRACTICE_TZ, clock=clock)
    yield ours, theirs, ticks
    await ours.close()
    await theirs.close()


def _doctor(family: str) -> list[Practitioner | PractitionerRole]:
    pid = "c" + uuid.uuid4().hex[:12]
    return [
        Practitioner(id=pid, active=True, name=[{"family": family, "given": ["Ada"]}]),
        PractitionerRole(
            id=f"{pid}-role",
            active=True,
            practitioner=ref("Practitioner", pid),
            specialty=[{"coding": [{"system": "http://snomed.info/sct", "code": "394579002"}]}],
        ),
    ]


async def test_someone_elses_new_practitioner_shows_after_the_ttl(
    pair: tuple[RestBackend, RestBackend, Monotonic],
) -> None:
    ours, theirs, ticks = pair
    family = "Zq" + uuid.uuid4().hex[:8]
    assert await ours.find_practitioners(family) == []
    await theirs.put_resources(_doctor(family))
    ticks.now = 30.0
    assert await ours.find_practitioners(family) == []  # still the directory read at 0 s
    ticks.now = 61.0
    found = await ours.find_practitioners(family)
    assert [m.practitioner.name[0].family for m in found if m.practitioner.name] == [family]
    assert found[0].specialties == ["cardiology"]


async def test_our_own_directory_write_is_seen_at_once(
    pair: tuple[RestBackend, RestBackend, Monotonic],
) -> None:
    ours, _, _ = pair
    family = "Zq" + uuid.uuid4().hex[:8]
    assert await ours.find_practitioners(family) == []
    await ours.put_resources(_doctor(family))
    found = await ours.find_practitioners(family, specialty="cardiology")
    assert len(found) == 1 and found[0].score == 100.0


async def test_a_slot_taken_elsewhere_is_not_offered_nor_booked(
    pair: tuple[RestBackend, RestBackend, Monotonic], clock: FixedClock
) -> None:
    ours, theirs, _ = pair
    clinic: MiniClinic = await seed_mini_clinic(theirs, clock.now())
    query = SlotQuery(practitioner_ids=(clinic.practitioner_id,), limit=3)
    offered = await ours.find_slots(query)
    taken = offered[0].slot_id
    assert taken == clinic.slot_ids[0]
    # Someone else books it on the EHR between our search and our booking.
    await theirs.book(
        BookingRequest(
            slot_id=taken,
            patient_id=clinic.patient_ids[1],
            idempotency_key=f"{clinic.prefix}-theirs",
            actor=Actor(name="other-desk"),
        )
    )
    assert taken not in [v.slot_id for v in await ours.find_slots(query)]
    with pytest.raises(SlotTakenError):
        await ours.book(
            BookingRequest(
                slot_id=taken,
                patient_id=clinic.patient_ids[0],
                idempotency_key=f"{clinic.prefix}-ours",
            )
        )
    assert (await theirs.get(Slot, taken)).status == "busy"
    booked = await theirs.list_appointments(slot_id=taken, statuses=["booked"])
    assert len(booked) == 1
