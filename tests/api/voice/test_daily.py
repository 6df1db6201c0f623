"""Daily dial-in: the webhook's HMAC is checked before anything starts; transfers to staff."""

from __future__ import annotations

import asyncio
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
from pipecat.frames.frames import (
    BotStoppedSpeakingFrame,
    EndWorkerFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
)
from pipecat.tests.utils import SleepFrame, run_test

from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.settings import Settings
from api.voice.control import CallInfo, Timing
from api.voice.daily import DailyCallControl, signature_valid
from api.voice.processor import FrontdeskEngineProcessor
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.api.voice.conftest import asgi_client
from tests.api.voice.fakes import EMERGENCY, ScriptedEngine

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


class _StandInDaily:
    """DailyTransport's dial-out surface: ``start_dialout`` and its event handlers."""

    def __init__(self, error: str | None = None) -> None:
        self.dialled: list[dict[str, Any]] = []
        self.handlers: dict[str, Any] = {}
        self.error = error

    def event_handler(self, name: str) -> Any:
        def register(handler: Any) -> Any:
            self.handlers[name] = handler
            return handler

        return register

    async def start_dialout(self, settings: dict[str, Any]) -> tuple[str, str | None]:
        self.dialled.append(settings)
        return "session-1", self.error

    async def fire(self, name: str, data: dict[str, Any]) -> None:
        await self.handlers[name](self, data)


SUNDAY = FixedClock(datetime(2026, 11, 22, 10, tzinfo=ZoneInfo("Europe/Paris")))
MONDAY = FixedClock(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Paris")))


async def _emergency_call(daily: _StandInDaily, settings: Settings) -> tuple[list, list]:
    """An emergency call whose staff leg answers (or fails) a moment after being dialled."""
    control = DailyCallControl(daily, settings, load_clinic(DEMO_CLINIC_FILE), MONDAY)
    processor = FrontdeskEngineProcessor(
        ScriptedEngine(EMERGENCY),
        CallInfo("daily-c1", "+33612345678", "en"),
        timing=Timing(filler_delay_s=5.0, silence_reprompt_s=60.0),
        control=control,
        greet=False,
    )
    control.attach(processor)

    async def staff_leg() -> None:
        while not daily.dialled:
            await asyncio.sleep(0.05)
        event = "on_dialout_error" if daily.error else "on_dialout_answered"
        await daily.fire(event, {"sessionId": "session-1"})

    leg = asyncio.create_task(staff_leg())
    down, up = await run_test(
        processor,
        frames_to_send=[
            UserStartedSpeakingFrame(),
            TranscriptionFrame("I have chest pain", "caller", "2026-11-23T09:00:00Z"),
            UserStoppedSpeakingFrame(),
            SleepFrame(0.3),
            BotStoppedSpeakingFrame(),  # the emergency instructions were heard
            SleepFrame(0.5),
            BotStoppedSpeakingFrame(),  # the briefing was heard
            SleepFrame(0.2),
        ],
    )
    await leg
    return down, up


async def test_the_receptionist_hears_a_briefing_then_the_agent_leaves_the_call(
    tmp_path: Path,
) -> None:
    daily = _StandInDaily()
    settings = Settings(data_dir=tmp_path, staff_transfer_number="+33199005678")
    down, up = await _emergency_call(daily, settings)
    assert daily.dialled == [{"phoneNumber": "+33199005678"}]
    said = [f for f in down if isinstance(f, TTSSpeakFrame)]
    assert said[0].text.startswith("This sounds like an emergency")
    brief = said[-1]
    # In the staff's language (the practice's first one), never cut, no words of the caller.
    assert brief.text.startswith("Transfert de l'assistant") and "Urgence : emergency" in brief.text
    assert "chest" not in brief.text and not brief.interruptible
    assert [f for f in up if isinstance(f, EndWorkerFrame)]  # the agent leaves the room


async def test_a_staff_line_that_cannot_be_dialled_leaves_the_handoff_queued(
    tmp_path: Path,
) -> None:
    daily = _StandInDaily(error="dial-out failed")
    settings = Settings(data_dir=tmp_path, staff_transfer_sip_uri="sip:desk@clinic.example.org")
    down, up = await _emergency_call(daily, settings)
    assert daily.dialled == [{"sipUri": "sip:desk@clinic.example.org"}]
    assert not [f for f in down if isinstance(f, TTSSpeakFrame) and "Transf" in f.text]
    assert [f for f in up if isinstance(f, EndWorkerFrame)]


async def test_no_dial_out_out_of_hours_or_without_a_staff_line(tmp_path: Path) -> None:
    clinic = load_clinic(DEMO_CLINIC_FILE)
    daily = _StandInDaily()
    staffed = Settings(data_dir=tmp_path, staff_transfer_sip_uri="sip:desk@clinic.example.org")
    assert not await DailyCallControl(daily, staffed, clinic, SUNDAY).transfer(EMERGENCY)
    unstaffed = Settings(data_dir=tmp_path)
    assert not await DailyCallControl(daily, unstaffed, clinic, MONDAY).transfer(EMERGENCY)
    assert daily.dialled == []
