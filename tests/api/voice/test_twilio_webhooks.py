"""Twilio webhooks: signatures computed the way Twilio does (HMAC-SHA1), tickets, transfers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import httpx
import pytest
import websockets

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.settings import Settings
from api.http.app import create_app
from api.voice import twilio
from api.voice.control import PhoneLine
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.api.voice.conftest import AUTH_TOKEN, VoiceServer, asgi_client
from tests.api.voice.fakes import EMERGENCY, dialled

BASE = "http://test"
FORM = {"CallSid": "CA123", "From": "+33612345678", "To": "+33199001234", "AccountSid": "AC1"}


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's algorithm, written out: base64(HMAC-SHA1(token, url + sorted key+value))."""
    payload = url + "".join(k + params[k] for k in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@pytest.fixture
async def client(rules_engine: Engine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path, twilio_auth_token=AUTH_TOKEN)
    async with asgi_client(settings, rules_engine, BASE) as c:
        yield c


async def _post(client: httpx.AsyncClient, path: str, signature: str | None) -> httpx.Response:
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return await client.post(path, data=FORM, headers=headers)


async def test_a_correctly_signed_answer_connects_the_stream_with_a_ticket(
    client: httpx.AsyncClient,
) -> None:
    path = "/voice/twilio/answer?lang=en"
    response = await _post(client, path, twilio_signature(AUTH_TOKEN, BASE + path, FORM))
    assert response.status_code == 200
    stream = ET.fromstring(response.text).find("./Connect/Stream")
    assert stream is not None and stream.get("url") == "ws://test/voice/twilio/stream"
    params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert params["from_number"] == "+33612345678"
    assert params["ticket"]


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl"])
async def test_an_unsigned_or_wrongly_signed_answer_is_refused(
    client: httpx.AsyncClient, signature: str | None
) -> None:
    response = await _post(client, "/voice/twilio/answer", signature)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "Stream" not in response.text


async def test_a_signature_of_another_account_or_url_is_refused(client: httpx.AsyncClient) -> None:
    path = "/voice/twilio/answer"
    other_token = twilio_signature("another-token", BASE + path, FORM)
    other_url = twilio_signature(AUTH_TOKEN, BASE + "/voice/twilio/answer?lang=fr", FORM)
    assert (await _post(client, path, other_token)).status_code == 403
    assert (await _post(client, path, other_url)).status_code == 403


async def test_without_an_auth_token_configured_every_webhook_is_refused(
    rules_engine: Engine, tmp_path: Path
) -> None:
    app = create_app(Settings(data_dir=tmp_path), engine=rules_engine)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as c:
            path = "/voice/twilio/answer"
            signed = twilio_signature("", BASE + path, FORM)
            assert (await _post(c, path, signed)).status_code == 403


async def test_a_stream_without_a_valid_ticket_is_closed_and_nothing_starts(
    voice_server: VoiceServer,
) -> None:
    url = voice_server.base_url.replace("http", "ws") + "/voice/twilio/stream"
    forged = twilio.issue_ticket(
        Settings(data_dir=voice_server.settings.data_dir / "elsewhere"),
        twilio.StreamTicket(call_sid="CA1"),
    )
    for ticket in ("", "garbage", forged):
        async with websockets.connect(url) as socket:
            start = {"streamSid": "MZ1", "callSid": "CA1", "customParameters": {"ticket": ticket}}
            await socket.send(json.dumps({"event": "connected", "protocol": "Call"}))
            await socket.send(json.dumps({"event": "start", "start": start, "streamSid": "MZ1"}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await socket.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert voice_server.results == []


class _FakeCalls:
    def __init__(self) -> None:
        self.updates: list[tuple[str, str]] = []

    def calls(self, sid: str) -> Any:
        outer = self

        class _Call:
            def update(self, twiml: str) -> None:
                outer.updates.append((sid, twiml))

        return _Call()


def _control(settings: Settings, when: datetime, rest: _FakeCalls) -> twilio.TwilioCallControl:
    line = PhoneLine(
        settings,
        load_clinic(DEMO_CLINIC_FILE),
        FixedClock(when),
        "CA123",
        "https://clinic.example.org",
    )
    return twilio.TwilioCallControl(line, client_factory=lambda _settings: rest)


async def test_an_emergency_is_warm_transferred_with_a_briefing_for_the_receptionist(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        twilio_account_sid="AC1",
        twilio_auth_token=AUTH_TOKEN,
        staff_transfer_number="+33199005678",
    )
    rest = _FakeCalls()
    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert await _control(settings, monday_10, rest).transfer(EMERGENCY)
    [(sid, twiml)] = rest.updates
    number, whisper = dialled(twiml)
    assert sid == "CA123" and number == "+33199005678"
    assert whisper.path == "/voice/twilio/briefing"
    token = parse_qs(whisper.query)["t"][0]
    # The staff leg fetches the briefing, signed like any Twilio webhook.
    path = f"/voice/twilio/briefing?t={token}"
    response = await _post(client, path, twilio_signature(AUTH_TOKEN, BASE + path, FORM))
    assert response.status_code == 200
    said = ET.fromstring(response.text).findtext("./Say") or ""
    assert "emergency" in said and "chest" not in said  # no patient words in a URL


async def test_no_transfer_out_of_hours_or_without_a_staff_line(tmp_path: Path) -> None:
    rest = _FakeCalls()
    staffed = Settings(
        data_dir=tmp_path,
        twilio_account_sid="AC1",
        twilio_auth_token=AUTH_TOKEN,
        staff_transfer_number="+33199005678",
    )
    sunday = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert not await _control(staffed, sunday, rest).transfer(EMERGENCY)
    unstaffed = Settings(data_dir=tmp_path, twilio_account_sid="AC1", twilio_auth_token="x")
    assert not await _control(unstaffed, monday, rest).transfer(EMERGENCY)
    assert rest.updates == []


@pytest.mark.parametrize("variable", ["FRONTDESK_PUBLIC_BASE_URL", "FRONTDESK_VOICE_PUBLIC_URL"])
async def test_behind_a_proxy_the_public_url_setting_is_what_twilio_signed(
    rules_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    # One public-URL setting for SMS and voice; the old voice-only name is a deprecated alias.
    monkeypatch.setenv(variable, "https://clinic.example.org/")
    settings = Settings(data_dir=tmp_path, twilio_auth_token=AUTH_TOKEN)
    assert settings.public_base_url == "https://clinic.example.org/"
    path = "/voice/twilio/answer?lang=en"
    async with asgi_client(settings, rules_engine, BASE) as proxied:
        internal = await _post(proxied, path, twilio_signature(AUTH_TOKEN, BASE + path, FORM))
        public = twilio_signature(AUTH_TOKEN, "https://clinic.example.org" + path, FORM)
        response = await _post(proxied, path, public)
    assert internal.status_code == 403
    assert response.status_code == 200
    stream = ET.fromstring(response.text).find("./Connect/Stream")
    assert stream is not None
    assert stream.get("url") == "wss://clinic.example.org/voice/twilio/stream"
