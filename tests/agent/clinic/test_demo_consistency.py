"""The demo practice's YAML and the generated demo store describe the same practice."""

from __future__ import annotations

from datetime import date

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.clinic.vocabulary import SERVICE_TYPE_CODES, SPECIALTY_CODES
from fhir_adapters.demo import ORGANIZATION_ID, build_demo_clinic
from fhir_adapters.demo.codes import SERVICE_TYPES, SPECIALTIES


def test_vocabularies_match_the_generator() -> None:
    assert set(SPECIALTY_CODES) == set(SPECIALTIES)
    assert set(SERVICE_TYPE_CODES) == set(SERVICE_TYPES)


def test_yaml_names_the_generated_practice_and_practitioners() -> None:
    config = load_clinic(DEMO_CLINIC_FILE)
    clinic = build_demo_clinic(
        seed=config.demo.seed, tz=config.time_zone, start=date(2026, 11, 23), weeks=1
    )
    assert config.organization_id == ORGANIZATION_ID == clinic.organization.id
    assert config.name == clinic.organization.name
    practitioners = {p.id for p in clinic.practitioners}
    assert set(config.routing.new_patients.accepting_practitioners) <= practitioners
    specialties = {s.specialty for s in clinic.staff()}
    assert set(config.routing.first_visits_to_human) <= specialties | set(SERVICE_TYPE_CODES)
