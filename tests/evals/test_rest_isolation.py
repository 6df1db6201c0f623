"""Scenarios on a FHIR server never see each other's records, and the standard-coded practice
(SNOMED CT, HL7 codes, UUID ids, pages of 10) is booked like the demo one (issue 13).

Rolling a scenario back undoes every write made on the server meanwhile, so these tests
start a server of their own (the bundled test server, as CI's) instead of sharing one.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.settings import Settings
from evals.loader import load_paths
from evals.rest_server import SeededWindowError, check_covers
from evals.runner import RunOptions, run_scenarios
from evals.standard import on_fixture
from fhir_adapters.clock import FixedClock
from fhir_adapters.rest import RestBackend

pytestmark = pytest.mark.fhir_server
SUITES = Path(__file__).resolve().parents[2] / "evals" / "suites"


def _start_script() -> Path | None:
    root = Path(__file__).resolve().parents[2]
    for base in (root.parent, root.parent.parent):
        script = base / "shared" / "fhir-test-server" / "start.sh"
        if script.is_file():
            return script
    return None


@pytest.fixture(scope="module")
def own_server() -> Iterator[str]:
    if not os.environ.get("FHIR_BASE_URL"):
        pytest.skip("FHIR_BASE_URL is not set (CI sets it): no FHIR test server here")
    script = _start_script()
    if script is None:
        pytest.skip("the bundled FHIR test server (shared/fhir-test-server) is not here")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FHIR_MAX_COUNT": "10", "FHIR_DEFAULT_COUNT": "10"}
    url = subprocess.run(
        [str(script), str(port)], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([str(script.with_name("stop.sh")), str(port)], check=False)


def test_a_new_patient_scenario_replayed_twice_on_one_server_passes_twice(
    own_server: str,
) -> None:
    scenarios = [
        s
        for s in load_paths([SUITES / "booking.yaml"]).scenarios
        if s.id == "new-accepting-gp-en-1"
    ]
    options = RunOptions(
        settings=Settings(brain="rules"),
        runs=2,
        fhir_urls=[own_server],
        fhir_isolate=True,
        fixture="standard",
    )
    results = run_scenarios(scenarios, options)
    assert [r.passed for r in results] == [True, True], [r.checks for r in results]
    assert all(not r.wrongful_writes for r in results)


def test_a_server_seeded_for_another_calendar_is_refused(own_server: str) -> None:
    [scenario] = [
        on_fixture(s, "standard")
        for s in load_paths([SUITES / "booking.yaml"]).scenarios
        if s.id == "new-accepting-gp-en-1"
    ]
    later = scenario.model_copy(
        update={"clock": datetime(2031, 3, 3, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))}
    )

    async def check() -> None:
        backend = RestBackend(own_server, tz="Europe/Paris", clock=FixedClock(later.clock))
        try:
            with pytest.raises(SeededWindowError):
                await check_covers(backend, later)
        finally:
            await backend.close()

    asyncio.run(check())
