"""Telnyx TeXML: Ed25519 webhook signatures checked before anything starts."""

from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import SecretStr

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.settings import Settings
from api.voice import telnyx
from api.voice.control import PhoneLine
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.api.voice.conftest import asgi_client
from tests.api.voice.fakes import EMERGENCY, dialled

KEY = Ed25519PrivateKey.generate()
PUBLIC = base64.b64encode(KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
BODY = urlencode({"CallSid": "v3:abc", "From": "+33612345678", "To": "+33199001234"}).encode()


def _headers(body: bytes, key: Ed25519PrivateKey = KEY) -> dict[str, str]:
    now = str(int(time.time()))
    signature = base64.b64encode(key.sign(now.encode() + b"|" + body)).decode()
    return {
        "telnyx-timestamp": now,
        "telnyx-signature-ed25519": signature,
        "content-type": "application/x-www-form-urlencoded",
    }


@pytest.fixture
async def client(rules_engine: Engine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path, telnyx_public_key=PUBLIC)
    async with asgi_client(settings, rules_engine, "https://test") as c:
        yield c


async def test_a_signed_texml_answer_streams_the_call_with_a_ticket(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/voice/telnyx/answer", content=BODY, headers=_headers(BODY))
    assert response.status_code == 200, response.text
    stream = ET.fromstring(response.text).find("./Connect/Stream")
    assert stream is not None
    assert stream.get("url", "").startswith("wss://test/voice/telnyx/stream?ticket=")
    assert stream.get("bidirectionalMode") == "rtp"


async def test_unsigned_or_foreign_signatures_are_refused(client: httpx.AsyncClient) -> None:
    plain = {"content-type": "application/x-www-form-urlencoded"}
    assert (
        await client.post("/voice/telnyx/answer", content=BODY, headers=plain)
    ).status_code == 403
    foreign = _headers(BODY, Ed25519PrivateKey.generate())
    refused = await client.post("/voice/telnyx/answer", content=BODY, headers=foreign)
    assert refused.status_code == 403
    tampered = await client.post(
        "/voice/telnyx/answer", content=BODY + b"&x=1", headers=_headers(BODY)
    )
    assert tampered.status_code == 403


class _StandInTelnyx:
    """Telnyx's TeXML REST "Update call" endpoint, as its API reference describes it."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") != "Bearer KEY-test":
            return httpx.Response(401, json={"errors": [{"code": "10009"}]})
        prefix = "/v2/texml/Accounts/acc-1/Calls/"
        if request.method != "POST" or not request.url.path.startswith(prefix):
            return httpx.Response(404)
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = parse_qs(request.content.decode())
        self.updates.append((request.url.path.removeprefix(prefix), form["Texml"][0]))
        return httpx.Response(200, json={"sid": "v3:abc", "status": "in-progress"})


def _telnyx_control(
    settings: Settings, when: datetime, stand_in: _StandInTelnyx
) -> telnyx.TelnyxCallControl:
    line = PhoneLine(
        settings, load_clinic(DEMO_CLINIC_FILE), FixedClock(when), "v3:abc", "https://test"
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(stand_in))
    return telnyx.TelnyxCallControl(line, "acc-1", http=http)


MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


async def test_an_emergency_is_warm_transferred_with_a_briefing_through_texml(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        telnyx_public_key=PUBLIC,
        telnyx_api_key="KEY-test",
        telnyx_api_url="https://api.telnyx.invalid/v2",
        staff_transfer_number="+33199005678",
    )
    stand_in = _StandInTelnyx()
    assert await _telnyx_control(settings, MONDAY_10, stand_in).transfer(EMERGENCY)
    [(call, texml)] = stand_in.updates
    number, whisper = dialled(texml)
    assert call == "v3:abc" and number == "+33199005678"
    assert whisper.path == "/voice/telnyx/briefing"
    # The staff leg fetches its briefing: a Telnyx webhook like any other, signed.
    path = f"/voice/telnyx/briefing?{whisper.query}"
    assert (await client.post(path, content=BODY)).status_code == 403
    response = await client.post(path, content=BODY, headers=_headers(BODY))
    assert response.status_code == 200, response.text
    said = ET.fromstring(response.text).findtext("./Say") or ""
    assert "emergency" in said and "chest" not in said


async def test_no_telnyx_transfer_out_of_hours_without_a_key_or_refused(tmp_path: Path) -> None:
    stand_in = _StandInTelnyx()
    keyed = Settings(
        data_dir=tmp_path,
        telnyx_api_key="KEY-test",
        telnyx_api_url="https://api.telnyx.invalid/v2",
        staff_transfer_number="+33199005678",
    )
    sunday = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert not await _telnyx_control(keyed, sunday, stand_in).transfer(EMERGENCY)
    keyless = keyed.model_copy(update={"telnyx_api_key": None})
    assert not await _telnyx_control(keyless, MONDAY_10, stand_in).transfer(EMERGENCY)
    assert stand_in.updates == []
    wrong = keyed.model_copy(update={"telnyx_api_key": SecretStr("KEY-other")})
    with pytest.raises(httpx.HTTPStatusError):  # the processor keeps the handoff queued
        await _telnyx_control(wrong, MONDAY_10, stand_in).transfer(EMERGENCY)
