"""Issue 13's "done when", on a real FHIR server: a practice frontdesk did not build
(Riverside: local codes, three sites, two Dr Martin, UUID ids) is imported with
``frontdesk practice import``, its local codes are mapped in the written configuration,
and a caller gets a site's hours, then books the cardiologist and cancels, by chat."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from agent.brains.rules import RulesBrain
from agent.clinic import load_clinic
from api.cli.main import app
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo.riverside import TZ, build_riverside, rid
from fhir_adapters.resources import parse_resource
from fhir_adapters.rest import RestBackend
from graphs.engine import Engine
from tests.graphs.talk import Call

pytestmark = pytest.mark.fhir_server


async def test_import_then_chat_on_a_practice_frontdesk_did_not_build(
    fhir_base_url: str, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex
    zone = ZoneInfo(TZ)
    # Far enough ahead that no other test's slots share the days.
    start = date(2031, 3, 3) + timedelta(weeks=uuid.UUID(tag).int % 50)
    clock = FixedClock(datetime.combine(start - timedelta(days=1), datetime.min.time(), zone))
    backend = RestBackend(fhir_base_url, tz=TZ, clock=clock)
    # A birth date of its own keeps this patient apart from other tests' on the server.
    born = date(1940, 1, 1) + timedelta(days=uuid.UUID(tag).int % 20000)
    patient = {
        "resourceType": "Patient",
        "id": str(uuid.uuid4()),
        "name": [{"family": "Okafor", "given": ["Sarah"]}],
        "birthDate": born.isoformat(),
    }
    await backend.put_resources(
        [*build_riverside(12, start=start, tag=tag), parse_resource(patient)]
    )

    out = tmp_path / "clinic.yaml"
    # The command runs its own event loop: in a thread, as from a shell.
    result = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        [
            "practice",
            "import",
            "--fhir-url",
            fhir_base_url,
            "--organization",
            rid("org", tag),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "CARD-OP (Heart Clinic)" in result.output  # reported, not guessed
    # The practice confirms the suggestion: the commented line becomes configuration.
    text = out.read_text("utf-8")
    line = next(x for x in text.splitlines() if "code: CARD-OP" in x)
    assert "concept: cardiology}" in line and line.startswith("#")
    mapped = re.sub(r"^#\s*-\s*", "  - ", line.split("   #")[0])
    out.write_text(text + "local_codes:\n" + mapped + "\n", "utf-8")
    clinic = load_clinic(out)
    assert [c.code for c in clinic.local_codes] == ["CARD-OP"]

    engine = Engine(backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock)
    talk = Call(engine, f"import-{tag}")
    try:
        await talk.start(language="en")
        hours = await talk.say("What are the opening hours of Northgate?")
        assert "Northgate Clinic is open Monday to Thursday from 9:00 to 17:00" in hours.reply
        await talk.say("I'd like to see a cardiologist")
        offer = await talk.say(f"Sarah Okafor, born {born:%d %B %Y}")
        assert "Dr Paul Martin" in offer.reply, talk.transcript()
        await talk.say("The first one")
        await talk.say("Yes")
        assert talk.events("booked"), talk.transcript()
        [visit] = await backend.list_appointments(patient_id=patient["id"], statuses=["booked"])
        assert visit.practitioner is not None and visit.practitioner.id == rid("pract-pmartin", tag)
        assert "CARD-OP" in str(visit.appointment.serviceType)  # the EHR's own code
        await talk.say("Actually I need to cancel that appointment")
        await talk.say("Yes")
        assert not await backend.list_appointments(patient_id=patient["id"], statuses=["booked"])
    finally:
        await backend.close()
