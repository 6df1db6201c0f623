"""Emergency numbers by country: the right one is spoken for an emergency, a suicidal caller and
an urgent call."""

from __future__ import annotations

import pytest

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.clinic.emergency import COUNTRY_NUMBERS, EmergencyNumbers, role_of, spoken


@pytest.mark.parametrize(
    ("country", "emergency", "crisis", "urgent"),
    [
        ("FR", ["15", "112"], ["3114", "15"], ["15", "112"]),
        ("GB", ["999"], ["116 123", "999"], ["111", "999"]),
        ("US", ["911"], ["988", "911"], ["911"]),
    ],
)
def test_each_country_speaks_the_right_number(
    country: str, emergency: list[str], crisis: list[str], urgent: list[str]
) -> None:
    numbers = EmergencyNumbers.from_config(COUNTRY_NUMBERS[country])
    assert numbers.to_say("emergency") == emergency
    assert numbers.to_say("crisis") == crisis
    assert numbers.to_say("urgent") == urgent


def test_an_emergency_is_never_sent_to_the_advice_line() -> None:
    uk = EmergencyNumbers.from_config({"non_emergency": "111", "emergency": "999"})
    assert uk.to_say("emergency") == ["999"]


def test_roles_come_from_the_name_else_from_the_number() -> None:
    assert role_of("samaritans", "116123") == "crisis"
    assert role_of("helpline", "116123") == "crisis"
    assert role_of("other", "111") == "urgent"
    assert role_of("whatever", "0800123456") == "emergency"
    assert spoken("116123") == "116 123" and spoken("15") == "15"


def test_the_demo_practice_and_a_number_written_with_spaces() -> None:
    clinic = load_clinic(DEMO_CLINIC_FILE)
    assert clinic.emergency.to_say("crisis") == ["3114", "15"]
    uk = clinic.model_validate(
        clinic.model_dump() | {"emergency_numbers": {"emergency": "999", "samaritans": "116 123"}}
    )
    assert uk.emergency_numbers["samaritans"] == "116123"
    assert uk.emergency.to_say("crisis") == ["116 123", "999"]
