"""The EHR stops just before the caller's yes and comes back: the promise to the caller is
only what is true, and the staff record lands in the EHR exactly once.

Runs its own FHIR test server (stopped and restarted mid-call), so it needs the server's
scripts: ``FHIR_TEST_SERVER_DIR`` (``.ci/run`` sets it), else it is skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from agent.settings import Settings
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.outbox import LOCAL_ID_PREFIX
from fhir_adapters.record_keys import RECORD_KEY_SYSTEM
from fhir_adapters.rest import RestBackend
from graphs.engine import build_engine
from tests.conftest import PRACTICE_TZ

pytestmark = pytest.mark.fhir_server


class Server:
    """A FHIR test server of our own on a free port, which the test can stop and restart."""

    def __init__(self, scripts: Path) -> None:
        self.scripts = scripts
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/fhir"

    def start(self, **env: str) -> None:
        subprocess.run(
            [str(self.scripts / "start.sh"), str(self.port)],
            check=True,
            capture_output=True,
            env={**os.environ, **env},
        )

    def stop(self) -> None:
        subprocess.run([str(self.scripts / "stop.sh"), str(self.port)], capture_output=True)


@pytest.fixture
def server() -> Iterator[Server]:
    scripts = os.environ.get("FHIR_TEST_SERVER_DIR")
    if not scripts:
        pytest.skip("FHIR_TEST_SERVER_DIR is not set (.ci/run sets it)")
    own = Server(Path(scripts))
    own.start()
    try:
        yield own
    finally:
        own.stop()


async def test_a_handoff_promised_during_an_outage_reaches_the_ehr_once(
    server: Server, clinic: ClinicConfig, clock: FixedClock, tmp_path: Path
) -> None:
    seeder = RestBackend(server.url, tz=PRACTICE_TZ, clock=clock)
    await seed_demo_clinic(seeder, tz=PRACTICE_TZ, start=clock.now().date(), weeks=1)
    await seeder.close()
    settings = Settings(data_dir=tmp_path, fhir_base_url=server.url, fhir_timeout_s=2.0)
    engine = await build_engine(settings, clock=clock, brain=RulesBrain())
    try:
        await engine.start("outage", language="en")
        for line in (
            "I'd like an appointment with Dr Dubois",
            "Michael Brown, born 25 August 1972",
            "the first one",
        ):
            readback = await engine.turn("outage", line)
        assert readback.expecting == "confirm"
        server.stop()
        answer = await engine.turn("outage", "yes")
        handoffs = [e.data for e in answer.events if e.kind == "handoff"]
        assert handoffs and str(handoffs[0]["task_id"]).startswith(LOCAL_ID_PREFIX)
        assert not [e for e in answer.events if e.kind == "booked"]
        assert "staff will see" in answer.reply  # what is true, not a callback time
        key = str(handoffs[0]["task_id"]).removeprefix(LOCAL_ID_PREFIX)
        backend = engine.backend
        assert await backend.outbox.depth() == 1  # type: ignore[attr-defined]
        # Back. The stand-in keeps its data in memory only, so it comes back empty: without
        # reference checks it takes the Task whose patient it no longer holds, as the real
        # EHR (which keeps its data) would.
        server.start(FHIR_REF_INTEGRITY="0")
        assert await backend.drain() == 1  # type: ignore[attr-defined]
        assert await backend.drain() == 0  # type: ignore[attr-defined]
        async with httpx.AsyncClient() as http:
            found = await http.get(
                f"{server.url}/Task", params={"identifier": f"{RECORD_KEY_SYSTEM}|{key}"}
            )
        assert len(found.json().get("entry", [])) == 1
    finally:
        await engine.aclose()
