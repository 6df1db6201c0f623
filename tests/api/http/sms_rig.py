"""The Twilio webhooks' test rig: the outreach service sending through the real Twilio SDK
to the local Twilio stand-in, and the web app on top of it (shared by the SMS tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from agent.brains.rules import RulesBrain
from agent.outreach.sender import Sender
from agent.settings import Settings
from api.http.app import create_app
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.fakes.outbound import WORKDAY, Rig, build_rig, clinic_with, copy_store, seed_store
from tests.fakes.twilio_api import FakeTwilio

SID, TOKEN = "AC" + "2" * 32, "webhook-token"
BASE = "http://testserver"
WEBHOOK = f"{BASE}/sms/inbound"
STATUS_CALLBACK = f"{BASE}/sms/status"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("sms") / "demo.sqlite")


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as fake:
        yield fake


@pytest.fixture
async def rig(seeded: Path, tmp_path: Path, twilio: FakeTwilio) -> AsyncIterator[Rig]:
    from agent.outreach.providers.twilio import TwilioProvider

    made = build_rig(
        copy_store(seeded, tmp_path), tmp_path / "jobs.sqlite", FixedClock(WORKDAY), clinic_with()
    )
    twilio_provider = TwilioProvider(
        SID,
        TOKEN,
        from_number="+33700000000",
        status_callback=STATUS_CALLBACK,
        base_url=twilio.base_url,
    )
    made.outreach.sender = Sender(made.backend, twilio_provider, made.clock)
    yield made
    await made.backend.close()


@pytest.fixture
async def client(rig: Rig, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        data_dir=tmp_path,
        twilio_account_sid=SID,
        twilio_auth_token=TOKEN,
        twilio_from_number="+33700000000",
    )
    engine = Engine(
        backend=rig.backend, clinic=rig.outreach.clinic, brain=RulesBrain(), clock=rig.clock
    )
    engine.listeners.append(rig.outreach.on_turn)
    app = create_app(settings, engine=engine)
    app.state.engine = engine
    app.state.outreach = rig.outreach
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


def form(sender: str, body: str, sid: str) -> dict[str, str]:
    return {
        "MessageSid": sid,
        "AccountSid": SID,
        "From": sender,
        "To": "+33700000000",
        "Body": body,
        "NumMedia": "0",
    }


async def post(
    client: httpx.AsyncClient, params: dict[str, str], signature: str | None
) -> httpx.Response:
    headers = {"X-Twilio-Signature": signature} if signature is not None else {}
    return await client.post("/sms/inbound", data=params, headers=headers)
