"""The EHR answers 503 for 30 seconds in the middle of calls, then comes back.

A proxy in front of a real FHIR test server answers ``503`` with an OperationOutcome and a
``Retry-After`` while the outage lasts. The outage is measured on the test's clock, and the
REST client's backoff sleeps on that clock too, so thirty seconds of failing EHR pass without
thirty seconds of waiting. During it a caller's "yes" to a read-back and another caller's
prescription request become staff Tasks kept in the outbox; each caller hears only what is
true ("our staff will see it"); nothing is half-written (no Appointment, the slot stays free).
After it, the outbox drains: the first Task create reaches the EHR but its answer is lost
(503 after forwarding), and the retry lands nothing twice: each Task exists exactly once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from agent.brains.rules import RulesBrain
from agent.settings import Settings
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.outbox import LOCAL_ID_PREFIX, Outbox, OutboxBackend
from fhir_adapters.record_keys import RECORD_KEY_SYSTEM
from fhir_adapters.rest import RestBackend
from graphs.engine import build_engine
from graphs.events import TurnResult
from tests.conftest import PRACTICE_TZ
from tests.graphs.test_ehr_outage import Server

pytestmark = pytest.mark.fhir_server

OUTAGE = timedelta(seconds=30)


class OutageProxy:
    """Forwards to the real server, except while ``down_until`` (on ``clock``) is ahead: then
    503 with an OperationOutcome, as a FHIR server behind a failing gateway answers.
    ``lose_next_write`` makes the next POST reach the server and its answer be lost (a 503
    after the write happened)."""

    def __init__(self, upstream: httpx.AsyncClient, clock: FixedClock) -> None:
        self.upstream = upstream
        self.clock = clock
        self.down_until: datetime | None = None
        self.lose_next_write = False
        self.refused = 0
        self.lost = 0

    def fail_for(self, duration: timedelta) -> None:
        self.down_until = self.clock.now() + duration

    def _unavailable(self) -> httpx.Response:
        outcome = {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "transient", "diagnostics": "unavailable"}],
        }
        return httpx.Response(
            503, json=outcome, headers={"Retry-After": "1", "Content-Type": "application/fhir+json"}
        )

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down_until is not None and self.clock.now() < self.down_until:
            self.refused += 1
            return self._unavailable()
        forwarded = await self.upstream.send(
            self.upstream.build_request(
                request.method, request.url, headers=request.headers, content=request.content
            )
        )
        await forwarded.aread()
        if self.lose_next_write and request.method == "POST":
            self.lose_next_write = False
            self.lost += 1
            return self._unavailable()
        return httpx.Response(
            forwarded.status_code, headers=forwarded.headers, content=forwarded.content
        )


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


def _task_ids(result: TurnResult) -> list[str]:
    return [str(e.data["task_id"]) for e in result.events if e.kind in ("handoff", "task")]


async def test_thirty_seconds_of_503_queue_staff_records_that_land_once(
    server: Server, clock: FixedClock, tmp_path: Path
) -> None:
    seeder = RestBackend(server.url, tz=PRACTICE_TZ, clock=clock)
    await seed_demo_clinic(seeder, tz=PRACTICE_TZ, start=clock.now().date(), weeks=1)

    async def sleep_on_the_clock(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))  # the client's backoff, without waiting

    upstream = httpx.AsyncClient()
    proxy = OutageProxy(upstream, clock)
    rest = RestBackend(
        server.url,
        tz=PRACTICE_TZ,
        clock=clock,
        http=httpx.AsyncClient(transport=httpx.MockTransport(proxy)),
        sleep=sleep_on_the_clock,
    )
    backend = OutboxBackend(rest, Outbox(tmp_path / "record-outbox.sqlite"), clock=clock)
    settings = Settings(data_dir=tmp_path, fhir_base_url=server.url, outbox_retry_s=3600)
    engine = await build_engine(settings, clock=clock, brain=RulesBrain(), backend=backend)  # type: ignore[arg-type]
    try:
        await engine.start("booking", language="en")
        for line in (
            "I'd like an appointment with Dr Dubois",
            "Michael Brown, born 25 August 1972",
            "the first one",
        ):
            readback = await engine.turn("booking", line)
        assert readback.expecting == "confirm"
        slot_id = (await engine.state("booking"))["pending"]["slot"]["slot_id"]
        await engine.start("renewal", language="fr")
        for line in (
            "Je voudrais renouveler mon ordonnance",
            "Chloé Nguyen, née le 5 décembre 1995",
        ):
            await engine.turn("renewal", line)

        started = clock.now()
        proxy.fail_for(OUTAGE)
        yes = await engine.turn("booking", "yes")
        renewal = await engine.turn("renewal", "C'est pour le Levothyrox")
        assert proxy.refused > 0 and clock.now() - started < OUTAGE  # still down

        # Told only what is true; the records wait locally, and the staff see them.
        assert not [e for e in yes.events if e.kind == "booked"]
        assert "staff will see" in yes.reply
        assert "l'équipe la verra" in renewal.reply
        promised = _task_ids(yes) + _task_ids(renewal)
        assert len(promised) == 2 and all(t.startswith(LOCAL_ID_PREFIX) for t in promised)
        assert await backend.outbox.depth() == 2
        shown = {str(t.id) for t in await backend.list_tasks()}
        assert set(promised) <= shown
        assert await backend.drain() == 0  # still down: nothing lands, nothing is lost
        assert await backend.outbox.depth() == 2

        # Thirty seconds later the EHR answers again; the first Task's answer is lost.
        clock.set(started + OUTAGE)
        proxy.lose_next_write = True
        landed = 0
        for _ in range(3):  # the drainer's next rounds
            landed += await backend.drain()
        assert proxy.lost == 1
        assert landed == 2 and await backend.outbox.depth() == 0

        async with httpx.AsyncClient() as http:
            for task_id in promised:
                key = task_id.removeprefix(LOCAL_ID_PREFIX)
                found = await http.get(
                    f"{server.url}/Task", params={"identifier": f"{RECORD_KEY_SYSTEM}|{key}"}
                )
                assert len(found.json().get("entry", [])) == 1, key  # exactly once
            # Nothing half-written: no Appointment for the slot, which is still free.
            booked = await http.get(f"{server.url}/Appointment", params={"slot": f"Slot/{slot_id}"})
            assert not booked.json().get("entry")
            slot = await http.get(f"{server.url}/Slot/{slot_id}")
            assert json.loads(slot.content)["status"] == "free"
    finally:
        await engine.aclose()
        await backend.close()
        await upstream.aclose()
        await seeder.close()
