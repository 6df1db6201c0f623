"""Discovery of a practice frontdesk did not build (Riverside: local codes, three sites,
two Dr Martin) from a real FHIR server, and the hours parser."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from fhir_adapters.clock import SystemClock
from fhir_adapters.demo.riverside import LOCAL, build_riverside, rid
from fhir_adapters.practice import discover
from fhir_adapters.practice.hours import available_hours, weekly_hours
from fhir_adapters.rest import RestBackend


def test_hours_are_sorted_merged_and_in_configuration_form() -> None:
    hours = weekly_hours(
        [
            {"daysOfWeek": ["mon", "tue"], "openingTime": "14:00:00", "closingTime": "18:00:00"},
            {"daysOfWeek": ["mon"], "openingTime": "08:30:00", "closingTime": "12:00:00"},
            {"daysOfWeek": ["mon"], "openingTime": "11:00:00", "closingTime": "12:30:00"},
            {"daysOfWeek": ["sun"], "allDay": True},
            {"daysOfWeek": ["sat"], "openingTime": "12:00:00", "closingTime": "09:00:00"},
        ]
    )
    assert hours == {
        "monday": ["08:30-12:30", "14:00-18:00"],
        "tuesday": ["14:00-18:00"],
        "sunday": ["00:00-23:59"],
    }
    assert available_hours(
        [{"daysOfWeek": ["fri"], "availableStartTime": "09:00", "availableEndTime": "24:00"}]
    ) == {"friday": ["09:00-23:59"]}


@pytest.mark.fhir_server
async def test_discovers_sites_services_people_and_unknown_codes(fhir_base_url: str) -> None:
    tag = uuid.uuid4().hex
    backend = RestBackend(fhir_base_url, tz="Europe/London", clock=SystemClock())
    try:
        await backend.put_resources(build_riverside(12, start=date(2030, 1, 7), tag=tag))
    finally:
        await backend.close()

    practice = await discover(
        fhir_base_url, now=datetime(2030, 1, 1, tzinfo=UTC), organization_id=rid("org", tag)
    )

    assert practice.name == "Riverside Health Partnership"
    assert practice.country == "GB"
    assert {s.name for s in practice.sites} == {
        "Riverside Main Building",
        "Northgate Clinic",
        "Riverside Dental Centre",
    }
    north = next(s for s in practice.sites if s.name == "Northgate Clinic")
    assert north.address == "2 Northgate Street, N1 9AA London"
    assert north.hours["monday"] == ["09:00-17:00"] and "friday" not in north.hours
    assert len(practice.services) == 8 and len(practice.clinicians) == 12
    heart = next(s for s in practice.services if s.name == "Heart Clinic")
    assert "ECG" in " ".join(heart.text)
    # A local code next to a SNOMED CT one means what the SNOMED code means; a local code
    # alone is reported, never guessed.
    gp = next(s for s in practice.services if s.name == "General Practice Clinic")
    assert gp.concepts == ["general-practice"]
    unknown = {(c.system, c.code) for c in practice.unknown_codes}
    assert (LOCAL, "CARD-OP") in unknown and (LOCAL, "GEN") not in unknown
    assert [c.name for c in practice.homonyms()["martin"]] == [
        "Dr Paul Martin",
        "Dr Sophie Martin",
    ]
    assert practice.coverage.schedules == 12
    assert practice.coverage.slots is not None and practice.coverage.slots >= 12 * 5 * 4
    assert (practice.coverage.free_slots_ahead or 0) >= 12 * 5 * 4
