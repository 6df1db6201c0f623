"""The number read to the caller follows the practice's country: 999 (never 111) for an
emergency in the UK, the Samaritans for suicidal talk, 911/988 in the US; and the handoff tells
staff why, in the caller's words."""

from __future__ import annotations

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from agent.clinic.emergency import COUNTRY_NUMBERS
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine


def _practice(clinic: ClinicConfig, country: str) -> ClinicConfig:
    return clinic.model_validate(
        clinic.model_dump() | {"emergency_numbers": COUNTRY_NUMBERS[country]}
    )


@pytest.mark.parametrize(
    ("country", "text", "said", "not_said"),
    [
        ("GB", "My dad fell and hit his head, he's on warfarin", ["999"], ["111"]),
        (
            "GB",
            "I've been saving up my pills, I won't be a problem much longer",
            ["116 123", "999"],
            [],
        ),
        ("US", "my mum's smile has gone all wonky and she can't lift her arm", ["911"], ["988"]),
        ("US", "I've written letters to my family and I have a rope", ["988", "911"], []),
        ("GB", "I think I broke my wrist, it's really swollen and bent", ["111", "999"], []),
    ],
)
async def test_the_country_number_is_spoken(
    backend: EmbeddedBackend,
    clinic: ClinicConfig,
    clock: FixedClock,
    country: str,
    text: str,
    said: list[str],
    not_said: list[str],
) -> None:
    engine = Engine(
        backend=backend, clinic=_practice(clinic, country), brain=RulesBrain(), clock=clock
    )
    await engine.start("c", language="en")
    result = await engine.turn("c", text)
    assert result.handed_off
    assert all(n in result.reply for n in said), result.reply
    assert not any(n in result.reply for n in not_said), result.reply


async def test_the_handoff_says_why_in_the_callers_words(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    engine = Engine(backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock)
    await engine.start("c", language="fr")
    await engine.turn("c", "Bonjour, je voudrais un rendez-vous")
    await engine.turn("c", "mon père est sous Xarelto, il est tombé et s'est cogné la tête")
    [task] = await backend.list_tasks(code="handoff")
    assert task.priority == "stat"
    assert "anticoagulant" in str(task.description)
    assert "xarelto" in str(task.description)
