"""The open coding model: EHR codings read as our concepts, written back as they were."""

from __future__ import annotations

from fhir_adapters.codings import (
    accepts_visit,
    appointment_service_types,
    concept_keys,
    concept_of,
    register_local,
    role_specialties,
)
from fhir_adapters.concepts import SERVICE_TYPE, SNOMED


def cc(system: str, code: str, display: str | None = None) -> dict:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def test_standard_codes_map_to_concepts() -> None:
    assert concept_of(SNOMED, "394579002") == "cardiology"
    assert concept_of(SERVICE_TYPE, "165") == "cardiology"
    assert concept_of(SERVICE_TYPE, "57") == "vaccination"
    assert concept_of(SNOMED, "17561000") == "cardiology"  # the occupation "cardiologist"
    assert concept_of("https://frontdesk.dev/specialty", "dermatology") == "dermatology"


def test_an_unknown_code_is_read_by_its_display_or_kept_as_itself() -> None:
    assert concept_of("urn:local", "K1", "Cardiologie") == "cardiology"
    assert concept_keys([cc("urn:local", "SLEEP", "Sleep lab")]) == ["SLEEP"]


def test_local_codes_from_configuration_win() -> None:
    register_local({("urn:test-local", "X9"): "psychology"})
    assert concept_keys([cc("urn:test-local", "X9")]) == ["psychology"]


def test_a_slot_without_a_visit_kind_takes_any_visit() -> None:
    gp = [cc(SERVICE_TYPE, "124")]
    assert accepts_visit(gp, "consultation") and accepts_visit(gp, "follow-up")
    jab = [cc(SERVICE_TYPE, "57")]
    assert accepts_visit(jab, "vaccination") and not accepts_visit(jab, "follow-up")
    care_and_jab = [cc(SERVICE_TYPE, "124"), cc(SERVICE_TYPE, "57")]
    assert accepts_visit(care_and_jab, "follow-up")
    assert appointment_service_types(care_and_jab, None) == care_and_jab[:1]
    assert accepts_visit(None, "follow-up")


def test_appointments_carry_the_slot_codes_never_relabelled() -> None:
    gp = [cc(SERVICE_TYPE, "124", "General Practice")]
    assert appointment_service_types(gp, "consultation") == gp
    both = [cc("https://frontdesk.dev/service-type", c) for c in ("consultation", "follow-up")]
    assert appointment_service_types(both, "follow-up") == both[1:]
    assert appointment_service_types(both, None) == both[:1]
    made = appointment_service_types(None, "follow-up")
    assert made[0]["coding"][0]["code"] == "follow-up"


def test_role_occupation_codes_count_as_specialties() -> None:
    role = {"code": [cc(SNOMED, "18803008")], "specialty": []}
    assert role_specialties(role) == ["dermatology"]
