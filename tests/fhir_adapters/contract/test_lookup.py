"""Exactly-one lookups over every backend: one record, or a typed error saying why not."""

from __future__ import annotations

from datetime import date

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import (
    AmbiguousPatientError,
    PatientNotFoundError,
    PractitionerNotFoundError,
)
from fhir_adapters.lookup import identify_patient, resolve_practitioner
from fhir_adapters.queries import PatientQuery
from tests.fhir_adapters.contract.clinic import FixtureClinic


async def test_one_matching_patient_is_returned(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    patient = await identify_patient(
        backend, PatientQuery(family=clinic.family, given="Alice", birth_date=date(1985, 4, 12))
    )
    assert patient.id == clinic.alice_id


async def test_a_shared_family_name_is_ambiguous_without_saying_who(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(AmbiguousPatientError) as caught:
        await identify_patient(backend, PatientQuery(family=clinic.family))
    assert caught.value.candidates == 3
    assert clinic.family not in str(caught.value)


async def test_nobody_matching_is_patient_not_found(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(PatientNotFoundError, match="No patient record"):
        await identify_patient(
            backend, PatientQuery(family=clinic.family, birth_date=date(1900, 1, 1))
        )


async def test_a_practitioner_is_resolved_despite_title_and_typo(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    match = await resolve_practitioner(backend, "docteur Lefevr", specialty="paediatrics")
    # A shared test server holds one Dr Lefèvre per fixture clinic: any of them is right.
    assert match.practitioner.name is not None
    assert match.practitioner.name[0].family == "Lefèvre"
    assert "paediatrics" in match.specialties


async def test_an_unknown_practitioner_is_a_clear_error(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(PractitionerNotFoundError, match="Zyxwvut"):
        await resolve_practitioner(backend, "Dr Zyxwvut")
