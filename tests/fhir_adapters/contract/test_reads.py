"""Contract: reading resources and finding practitioners, services and patients."""

from __future__ import annotations

from datetime import date

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError
from fhir_adapters.queries import PatientQuery
from fhir_adapters.resources import Patient, Practitioner
from tests.fhir_adapters.contract.clinic import FixtureClinic


async def test_get_reads_a_resource_and_reports_a_missing_one(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    practitioner = await backend.get(Practitioner, clinic.gp_id)

    assert isinstance(practitioner, Practitioner)
    assert practitioner.name[0].family == "Martin"
    assert practitioner.meta is not None and practitioner.meta.versionId
    with pytest.raises(ResourceNotFoundError):
        await backend.get(Patient, f"no-such-patient-{clinic.tag}")


@pytest.mark.parametrize("spoken", ["dr martin", "Dr. Martín", "docteur martn", "Paul MARTIN"])
async def test_practitioners_are_found_despite_titles_accents_and_typos(
    backend: SchedulingBackend, clinic: FixtureClinic, spoken: str
) -> None:
    matches = await backend.find_practitioners(spoken, limit=50)

    assert clinic.gp_id in {m.practitioner.id for m in matches}
    assert clinic.paed_id not in {m.practitioner.id for m in matches}


async def test_practitioners_are_found_by_specialty(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    matches = await backend.find_practitioners(specialty="paediatrics", limit=500)
    ours = [m for m in matches if m.practitioner.id in clinic.practitioner_ids]

    assert [m.practitioner.id for m in ours] == [clinic.paed_id]
    assert "paediatrics" in ours[0].specialties


async def test_an_unknown_name_matches_nobody(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    assert await backend.find_practitioners("Zbigniew Wxyzqrst") == []


async def test_services_are_found_by_name(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    matches = await backend.find_services("medecine generale", limit=50)

    assert clinic.service_id in {m.service.id for m in matches}


async def test_without_a_name_every_service_is_listed(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    matches = await backend.find_services(limit=500)

    assert clinic.service_id in {m.service.id for m in matches}


async def test_patients_are_found_by_identifier_name_birth_date_and_phone(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    by_mrn = await backend.find_patients(PatientQuery(identifier=clinic.alice_mrn))
    by_name = await backend.find_patients(
        PatientQuery(family=clinic.family.upper().replace("É", "E"), birth_date=date(1985, 4, 12))
    )
    national = "0" + clinic.alice_phone[3:]
    spaced = " ".join(national[i : i + 2] for i in range(0, 10, 2))
    by_phone = await backend.find_patients(PatientQuery(phone=spaced))
    by_given = await backend.find_patients(PatientQuery(family=clinic.family, given="alice"))

    for found in (by_mrn, by_name, by_phone, by_given):
        assert [p.id for p in found] == [clinic.alice_id]


async def test_a_birth_date_alone_finds_that_days_births(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    # A name heard on a call is compared by sound among the records born that day.
    found = await backend.find_patients(PatientQuery(birth_date=date(1985, 4, 12)))

    # A shared test server may hold other fixtures' patients born that day too.
    assert clinic.alice_id in [p.id for p in found]
    assert {str(p.birthDate) for p in found} == {"1985-04-12"}
    assert await backend.find_patients(PatientQuery(birth_date=date(1901, 1, 1))) == []


async def test_a_family_name_alone_can_match_several_patients(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    found = await backend.find_patients(PatientQuery(family=clinic.family))

    assert {p.id for p in found} == {clinic.alice_id, clinic.bob_id, clinic.carol_id}


async def test_a_wrong_birth_date_matches_nobody(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    found = await backend.find_patients(
        PatientQuery(family=clinic.family, given="Alice", birth_date=date(1990, 1, 1))
    )

    assert found == []


async def test_a_phone_that_is_not_a_number_is_a_clear_error(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(InvalidRequestError):
        await backend.find_patients(PatientQuery(phone="call me maybe"))
