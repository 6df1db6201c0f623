"""A (small) hospital seeded around the demo practice: what the store holds afterwards.

Through the embedded store's bulk path and, when FHIR_BASE_URL is set, through a real FHIR
server's transaction bundles: sites, services, practitioners findable by name and SNOMED CT
specialty, slots bookable, patients findable by MRN, the progress told, and a second run
adding nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.console import Console

from api.cli.seed_hospital import seed_hospital
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import build_demo_clinic
from fhir_adapters.demo.hospital import (
    HospitalBuilder,
    HospitalSize,
    bulk_writer,
    is_hospital_seeded,
    write_hospital,
)
from fhir_adapters.demo.people import mrn
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import BookingRequest, PatientQuery, SlotQuery
from fhir_adapters.resources import HealthcareService, Location
from fhir_adapters.rest import RestBackend
from tests.conftest import PRACTICE_TZ

SMALL = HospitalSize(sites=2, services=4, practitioners=12, patients=120)


async def _check_hospital(backend: SchedulingBackend, clock: FixedClock) -> None:
    assert await is_hospital_seeded(backend)
    assert (await backend.get(Location, "loc-h2")).name == "Site Sud"
    assert (await backend.get(HealthcareService, "hs-h004")).active is True
    everyone = await backend.find_practitioners(None, limit=1_000_000)
    hospital = [m for m in everyone if str(m.practitioner.id).startswith("pract-h")]
    assert len(hospital) == SMALL.practitioners
    one = hospital[0]
    name = one.practitioner.name[0] if one.practitioner.name else None
    assert name is not None and name.family
    found = await backend.find_practitioners(f"docteur {name.family}", limit=50)
    assert one.practitioner.id in [m.practitioner.id for m in found]
    specialty = one.specialties[0]
    slots = await backend.find_slots(
        SlotQuery(practitioner_ids=(str(one.practitioner.id),), specialty=specialty, limit=5)
    )
    assert len(slots) == 5 and all(v.slot.start > clock.now() for v in slots)  # type: ignore[operator]
    patient = (await backend.find_patients(PatientQuery(identifier=mrn(SMALL.patients))))[0]
    booked = await backend.book(
        BookingRequest(
            slot_id=slots[0].slot_id, patient_id=str(patient.id), idempotency_key="hospital-1"
        )
    )
    assert booked.status == "booked"


async def _seed(backend: SchedulingBackend, clock: FixedClock) -> dict[str, int]:
    told: dict[str, int] = {}

    def progress(what: str, n: int) -> None:
        told[what] = told.get(what, 0) + n

    builder = HospitalBuilder(SMALL, seed=1, tz=PRACTICE_TZ, start=clock.now().date(), weeks=2)
    counts = await write_hospital(builder, bulk_writer(backend), progress)
    assert told == counts
    return counts


async def test_a_hospital_in_the_embedded_store(clock: FixedClock) -> None:
    backend = EmbeddedBackend(":memory:", tz=PRACTICE_TZ, clock=clock)
    try:
        assert not await is_hospital_seeded(backend)
        counts = await _seed(backend, clock)
        assert counts["slots"] == SMALL.slots(2)
        assert counts["patients"] == SMALL.patients - 50
        await _check_hospital(backend, clock)
        console = Console(record=True, width=120)
        await seed_hospital(
            backend,
            seed=1,
            tz=PRACTICE_TZ,
            start=clock.now().date() + timedelta(days=1),
            weeks=2,
            console=console,
            where="memory",
            size=SMALL,
        )
        assert "already holds the hospital" in console.export_text()
    finally:
        await backend.close()


@pytest.mark.fhir_server
async def test_a_hospital_on_a_fhir_server(fhir_base_url: str, clock: FixedClock) -> None:
    backend = RestBackend(fhir_base_url, tz=PRACTICE_TZ, clock=clock)
    try:
        # The hospital belongs to the demo practice's Organization (a server checks that).
        # Its ids are fixed: a second run on the same server rewrites the same resources.
        practice = build_demo_clinic(start=clock.now().date(), weeks=1)
        await backend.put_resources([practice.organization])
        await _seed(backend, clock)
        await _check_hospital(backend, clock)
    finally:
        await backend.close()
