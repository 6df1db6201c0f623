"""Contract: a practice coded the standard way (SNOMED CT specialties, HL7 service-type codes,
UUID ids) is searched by our concepts and booked with its own codes (issue 13)."""

from __future__ import annotations

import uuid
from datetime import time

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Appointment
from tests.fhir_adapters.contract.clinic import (
    HL7_SERVICE_TYPE,
    SNOMED,
    FixtureClinic,
    build_clinic,
)

ACTOR = Actor(name="contract-test", conversation_id="conv-standard")


@pytest.fixture
async def standard(backend: SchedulingBackend) -> FixtureClinic:
    seeded, resources = build_clinic(standard=True)
    await backend.put_resources(resources)
    return seeded


def _booking(slot_id: str, patient_id: str, service_type: str) -> BookingRequest:
    return BookingRequest(
        slot_id=slot_id,
        patient_id=patient_id,
        idempotency_key=f"key-{uuid.uuid4().hex}",
        service_type=service_type,
        actor=ACTOR,
    )


def _codes(concepts: list | None) -> set[tuple[str, str]]:
    return {(str(c.system), str(c.code)) for cc in concepts or [] for c in cc.coding or []}


async def test_specialty_concepts_find_snomed_coded_practitioners_and_slots(
    backend: SchedulingBackend, standard: FixtureClinic
) -> None:
    paeds = await backend.find_practitioners(specialty="paediatrics", limit=50)
    assert standard.paed_id in {str(m.practitioner.id) for m in paeds}
    assert all("paediatrics" in m.specialties for m in paeds)
    slots = await backend.find_slots(
        SlotQuery(
            specialty="general-practice",
            practitioner_ids=standard.practitioner_ids,
            service_type="consultation",
            limit=3,
        )
    )
    assert slots and {str(v.practitioner.id) for v in slots if v.practitioner} == {standard.gp_id}


async def test_booking_a_consultation_on_an_hl7_coded_slot_writes_the_slot_codes(
    backend: SchedulingBackend, standard: FixtureClinic
) -> None:
    slot_id = standard.slot(standard.gp_id, 1, time(9, 0))
    made = await backend.book(_booking(slot_id, standard.alice_id, "consultation"))
    stored = await backend.get(Appointment, str(made.id))
    assert stored.status == "booked"
    assert _codes(stored.serviceType) == {(HL7_SERVICE_TYPE, "124")}
    assert _codes(stored.specialty) == {(SNOMED, "394814009")}


async def test_a_visit_kind_the_slot_does_not_take_is_refused_and_nothing_written(
    backend: SchedulingBackend, standard: FixtureClinic
) -> None:
    slot_id = standard.slot(standard.paed_id, 2, time(9, 0))  # Immunization only
    with pytest.raises(InvalidRequestError):
        await backend.book(_booking(slot_id, standard.carol_id, "follow-up"))
    assert not await backend.list_appointments(patient_id=standard.carol_id)
    made = await backend.book(_booking(slot_id, standard.carol_id, "vaccination"))
    assert _codes(made.serviceType) == {(HL7_SERVICE_TYPE, "57")}
