"""No patient data in any log line: a whole conversation logged at DEBUG, every line scanned."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from agent.settings import Settings
from api.http.app import create_app
from api.observability.logs import configure_logging
from api.observability.redaction import mask, render_message
from tests.api.conftest import serving

SECRETS = ("Michael", "Brown", "1972", "25 August", "612345678", "6 12 34 56 78")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


async def test_a_full_conversation_logs_no_patient_data(
    make_settings: Callable[..., Settings], log_lines: io.StringIO
) -> None:
    app = create_app(make_settings())
    async with serving(app) as client:
        engine = app.state.engine
        await engine.start("phi", language="en", caller_phone="+33 6 12 34 56 78")
        for line in (
            "I'd like an appointment with Dr Dubois",
            "Michael Brown, born 25 August 1972",
            "the first one",
            "yes",
            "my number is 06 12 34 56 78",
            "no thanks, bye",
        ):
            await engine.turn("phi", line)
        await client.get("/healthz?name=Michael+Brown")
        # What third-party and our own error paths would write, with patient data in them.
        logging.getLogger("httpx").info(
            'HTTP Request: GET http://ehr/fhir/Patient?family=Brown&birthdate=1972-08-25 "200"'
        )
        try:
            raise ValueError("no patient named Michael Brown born 25 August 1972")
        except ValueError:
            logging.getLogger("graphs.engine").exception("turn failed (%s)", "ValueError")
        logging.getLogger("agent").warning("could not parse %r", "Michael Brown 25/08/1972")
    lines = log_lines.getvalue().splitlines()
    assert len(lines) > 5
    for line in lines:
        entry = json.loads(line)  # every line is one JSON object
        assert {"time", "level", "logger", "message"} <= entry.keys()
        for secret in SECRETS:
            assert secret not in line, line
    assert any(json.loads(line).get("exception", {}).get("type") == "ValueError" for line in lines)


def test_identifiers_and_codes_survive_redaction() -> None:
    assert render_message("tool %s failed with %s", ("find_slots", "TimeoutError")) == (
        "tool find_slots failed with TimeoutError"
    )
    assert render_message("slot %s left busy", ("Slot/abc-123",)) == "slot Slot/abc-123 left busy"
    assert render_message("hello %s", ("Jean Dupont",)) == "hello [redacted]"
    assert mask("née le 14 mars 1958, 14/03/1958, +33612345678") == "née le [date], [date], [phone]"
