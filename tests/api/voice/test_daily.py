"""Daily dial-in: the webhook's HMAC is checked before anything starts; transfers to staff."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.settings import Settings
from api.voice.daily import DailyCallControl, signature_valid
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.api.voice.conftest import asgi_client
from tests.api.voice.fakes import EMERGENCY

SECRET = base64.b64encode(b"daily-dialin-secret").decode()
BODY = json.dumps({"callId": "c1", "callDomain": "d1", "From": "+33612345678"}).encode()


def _sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    digest = hmac.new(base64.b64decode(secret), f"{timestamp}.".encode() + body, hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


@pytest.fixture
async def client(rules_engine: Engine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path, daily_webhook_secret=SECRET)
    async with asgi_client(settings, rules_engine, "http://test") as c:
        yield c


def test_the_dialin_hmac_is_checked_with_its_timestamp() -> None:
    now = str(int(time.time()))
    assert signature_valid(SECRET, now, BODY, _sign(BODY, now))
    assert not signature_valid(SECRET, now, BODY + b" ", _sign(BODY, now))
    assert not signature_valid(SECRET, now, BODY, _sign(BODY, now, base64.b64encode(b"x").decode()))
    old = str(int(time.time()) - 3600)
    assert not signature_valid(SECRET, old, BODY, _sign(BODY, old))
    assert not signature_valid(None, now, BODY, _sign(BODY, now))


async def test_an_unsigned_dialin_is_refused_and_a_signed_one_needs_the_api_key(
    client: httpx.AsyncClient,
) -> None:
    unsigned = await client.post("/voice/daily/dialin", content=BODY)
    assert unsigned.status_code == 403
    assert unsigned.headers["content-type"].startswith("application/problem+json")
    now = str(int(time.time()))
    headers = {"X-Pinless-Timestamp": now, "X-Pinless-Signature": _sign(BODY, now)}
    signed = await client.post("/voice/daily/dialin", content=BODY, headers=headers)
    assert signed.status_code == 503  # no FRONTDESK_DAILY_API_KEY: no room is created


class _Transport:
    def __init__(self) -> None:
        self.transfers: list[dict[str, Any]] = []

    async def sip_call_transfer(self, settings: dict[str, Any]) -> None:
        self.transfers.append(settings)


async def test_a_handoff_is_transferred_to_the_staff_sip_line_only_when_open(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, staff_transfer_sip_uri="sip:desk@clinic.example.org")
    clinic = load_clinic(DEMO_CLINIC_FILE)
    transport = _Transport()
    sunday = FixedClock(datetime(2026, 11, 22, 10, tzinfo=ZoneInfo("Europe/Paris")))
    monday = FixedClock(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Paris")))
    assert not await DailyCallControl(transport, settings, clinic, sunday).transfer(EMERGENCY)
    assert await DailyCallControl(transport, settings, clinic, monday).transfer(EMERGENCY)
    assert transport.transfers == [{"toEndPoint": "sip:desk@clinic.example.org"}]
