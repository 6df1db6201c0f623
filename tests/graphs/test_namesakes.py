"""Two doctors called Martin at a practice frontdesk did not build (Riverside: local codes,
three sites): the caller is asked which one, by first name, kind of care or site, in
English and French; a caller who already said which one is not asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from fhir_adapters.clock import FixedClock
from fhir_adapters.codings import register_local
from fhir_adapters.demo.riverside import LOCAL, TZ, build_riverside, rid
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import parse_resource
from graphs.engine import Engine
from tests.graphs.talk import Call

START = date(2030, 1, 7)  # a Monday


@pytest.fixture
def riverside(clinic: ClinicConfig) -> ClinicConfig:
    data = clinic.model_dump(mode="json", exclude_defaults=True)
    data.update(
        name="Riverside Health Partnership",
        time_zone=TZ,
        languages=["en", "fr"],
        routing={"bookable_service_types": ["consultation", "follow-up", "first-visit"]},
        sites=[
            {"id": rid("site-main"), "name": "Riverside Main Building", "address": "10 River Road"},
            {
                "id": rid("site-north"),
                "name": "Northgate Clinic",
                "address": "2 Northgate Street",
                "aliases": ["northgate"],
            },
            {
                "id": rid("site-dental"),
                "name": "Riverside Dental Centre",
                "address": "14 River Road",
            },
        ],
        local_codes=[
            {"system": LOCAL, "code": "CARD-OP", "concept": "cardiology"},
            {"system": LOCAL, "code": "DERM-OP", "concept": "dermatology"},
            {"system": LOCAL, "code": "PHYS", "concept": "physiotherapy"},
        ],
    )
    return ClinicConfig.model_validate(data)


@pytest.fixture
async def talk(riverside: ClinicConfig) -> AsyncIterator[Call]:
    clock = FixedClock(datetime(2030, 1, 6, 18, 0, tzinfo=ZoneInfo(TZ)))
    backend = EmbeddedBackend(":memory:", tz=TZ, clock=clock)
    # The practice's local codes mean cardiology... before its data is stored (as at start-up).
    register_local(riverside.local_code_map())
    patient = {
        "resourceType": "Patient",
        "id": "pat-sarah",
        "name": [{"family": "Johnson", "given": ["Sarah"]}],
        "birthDate": "1990-02-17",
        "telecom": [{"system": "phone", "value": "+447700100006"}],
    }
    await backend.put_resources([*build_riverside(12, start=START), parse_resource(patient)])
    engine = Engine(backend=backend, clinic=riverside, brain=RulesBrain(), clock=clock)
    yield Call(engine, "namesakes-1")
    await backend.close()


IDENTITY = {"en": "Sarah Johnson, 17 February 1990", "fr": "Sarah Johnson, née le 17 février 1990"}
ASK = {"en": "We have 2 practitioners called Martin", "fr": "Nous avons 2 praticiens"}


@pytest.mark.parametrize(
    ("language", "request_", "answer", "chosen", "other"),
    [
        ("en", "I'd like an appointment with Dr Martin", "Sophie", "Sophie Martin", "Paul"),
        ("en", "Can I book to see Dr Martin please?", "the cardiologist", "Paul Martin", "Sophie"),
        ("en", "I need to see Doctor Martin", "the one at Northgate", "Sophie Martin", "Paul"),
        (
            "fr",
            "Je voudrais un rendez-vous avec le docteur Martin",
            "Paul",
            "Paul Martin",
            "Sophie",
        ),
        (
            "fr",
            "Un rendez-vous chez le Dr Martin s'il vous plaît",
            "celle de Northgate",
            "Sophie Martin",
            "Paul",
        ),
    ],
)
async def test_which_dr_martin_is_asked_then_settled(
    talk: Call, language: str, request_: str, answer: str, chosen: str, other: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    await talk.say(request_)
    asked = await talk.say(IDENTITY[language])
    assert ASK[language] in asked.reply, talk.transcript()
    assert "Paul Martin" in asked.reply and "Sophie Martin" in asked.reply
    offer = await talk.say(answer)
    assert chosen in offer.reply and other not in offer.reply, talk.transcript()
    assert offer.expecting == "slot_choice", talk.transcript()


@pytest.mark.parametrize(
    ("language", "request_", "chosen", "other"),
    [
        ("en", "I'd like an appointment with Dr Sophie Martin", "Sophie Martin", "Paul"),
        ("en", "I'd like to see Dr Martin, the cardiologist", "Paul Martin", "Sophie"),
        ("fr", "Je voudrais voir le docteur Paul Martin", "Paul Martin", "Sophie"),
    ],
)
async def test_a_caller_who_said_which_one_is_not_asked(
    talk: Call, language: str, request_: str, chosen: str, other: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    await talk.say(request_)
    offer = await talk.say(IDENTITY[language])
    assert ASK[language] not in offer.reply, talk.transcript()
    assert chosen in offer.reply and other not in offer.reply, talk.transcript()
