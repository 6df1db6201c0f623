"""Contract: a practice coded the standard way (SNOMED CT specialties, HL7 service-type codes,
UUID ids) is searched by our concepts and booked with its own codes (issue 13)."""

from __future__ import annotations

import uuid
from datetime import time

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Appointment, Slot
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


async def test_a_slot_of_care_and_immunization_takes_either_and_writes_the_matching_code(
    backend: SchedulingBackend, standard: FixtureClinic
) -> None:
    # serviceType [124 General Practice, 57 Immunization]: a kind of care, so any visit.
    follow_up = standard.slot(standard.paed_id, 2, time(9, 0))
    made = await backend.book(_booking(follow_up, standard.carol_id, "follow-up"))
    assert _codes(made.serviceType) == {(HL7_SERVICE_TYPE, "124")}  # never "Immunization"
    jab = standard.slot(standard.paed_id, 2, time(11, 0))
    made = await backend.book(_booking(jab, standard.bob_id, "vaccination"))
    assert _codes(made.serviceType) == {(HL7_SERVICE_TYPE, "57")}


async def test_a_slot_for_one_visit_kind_refuses_another_and_writes_nothing(
    backend: SchedulingBackend, standard: FixtureClinic
) -> None:
    slot_id = standard.slot(standard.gp_id, 3, time(9, 0))
    jab_only = (await backend.get(Slot, slot_id)).model_dump(mode="json", exclude_none=True)
    jab_only["serviceType"] = [{"coding": [{"system": HL7_SERVICE_TYPE, "code": "57"}]}]
    jab_only.pop("meta", None)
    await backend.put_resources([Slot.model_validate(jab_only)])
    with pytest.raises(InvalidRequestError):
        await backend.book(_booking(slot_id, standard.carol_id, "follow-up"))
    assert not await backend.list_appointments(patient_id=standard.carol_id)
