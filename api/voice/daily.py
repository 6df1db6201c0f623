"""Daily: PSTN dial-in through a Daily phone number, and transfers of those calls to staff.

Daily calls ``POST /voice/daily/dialin`` when its number rings (pinless dial-in,
``room_creation_api``). The request is signed with the HMAC secret set in that configuration
(``FRONTDESK_DAILY_WEBHOOK_SECRET``): base64 HMAC-SHA256 of ``"{timestamp}.{body}"``. We create
a SIP dial-in room with Daily's REST helper and start the call's pipeline in it with Pipecat's
Daily transport; Daily then forwards the caller into the room. A handoff transfers the SIP leg
to the staff line (``sip_call_transfer``); the staff console already shows the handoff.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import time
from typing import Any, Protocol

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from agent.clinic import ClinicConfig
from agent.settings import Settings
from api.http.deps import SettingsDep
from api.http.problems import Problem, problem_responses
from api.voice.control import CallInfo, Language, briefing, staff_line_open
from fhir_adapters.clock import Clock
from graphs.events import TurnResult

log = logging.getLogger(__name__)
router = APIRouter(prefix="/voice/daily", tags=["voice"])
MAX_SKEW_S = 300
DAILY_RATE = 16000


class DialinWebhook(BaseModel):
    """Daily's pinless dial-in request (the fields we use)."""

    call_id: str = Field(..., alias="callId")
    call_domain: str = Field(..., alias="callDomain")
    caller: str | None = Field(None, alias="From")
    called: str | None = Field(None, alias="To")


def signature_valid(secret: str | None, timestamp: str, body: bytes, signature: str) -> bool:
    """Whether Daily signed ``body`` at ``timestamp`` with the dial-in HMAC secret."""
    if not secret or not signature or not timestamp:
        return False
    try:
        if abs(time.time() - float(timestamp)) > MAX_SKEW_S:
            return False
        key = base64.b64decode(secret)
    except ValueError:
        return False
    expected = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(expected).decode(), signature)


class Briefer(Protocol):
    """The part of the call's processor a Daily transfer drives."""

    async def brief_staff(self, text: str, language: Language) -> None: ...

    async def end_call(self) -> None: ...


class DailyCallControl:
    """Warm transfer of a Daily call: the staff line is dialled into the room, hears a spoken
    briefing, and the agent leaves the caller and the receptionist together.

    ``transfer`` starts the dial-out (``DailyTransport.start_dialout``) while the practice is
    open. When the staff leg answers (``on_dialout_answered``) the agent speaks the briefing
    (reason, urgency, whether the patient was identified: no words of the caller) and, once
    it was heard, leaves the room; the two people stay connected. A dial-out that fails
    (``on_dialout_error``) ends the agent's part: the handoff waits in the staff queue.
    """

    def __init__(self, transport: Any, settings: Settings, clinic: ClinicConfig, clock: Clock):
        self._transport = transport
        self._settings = settings
        self._clinic = clinic
        self._clock = clock
        self._briefing: str | None = None
        self._briefer: Briefer | None = None
        transport.event_handler("on_dialout_answered")(self._staff_answered)
        transport.event_handler("on_dialout_error")(self._staff_unreachable)

    def attach(self, briefer: Briefer) -> None:
        """The call's processor, which speaks the briefing and ends the agent's part."""
        self._briefer = briefer

    async def transfer(self, result: TurnResult) -> bool:
        """Dial the staff line into the room; False when closed, unconfigured or refused."""
        if not staff_line_open(self._settings, self._clinic, self._clock):
            return False
        uri = self._settings.staff_transfer_sip_uri
        target = {"sipUri": uri} if uri else {"phoneNumber": self._settings.staff_transfer_number}
        self._briefing = briefing(result, self._clinic.default_language, with_words=False)
        _session, error = await self._transport.start_dialout(target)
        return error is None

    async def _staff_answered(self, _transport: object, _data: object) -> None:
        if self._briefing is not None and self._briefer is not None:
            text, self._briefing = self._briefing, None
            await self._briefer.brief_staff(text, self._clinic.default_language)

    async def _staff_unreachable(self, _transport: object, _data: object) -> None:
        log.warning("the staff line could not be dialled; the handoff stays queued")
        self._briefing = None
        if self._briefer is not None:
            await self._briefer.end_call()


@router.post(
    "/dialin",
    summary="Daily pinless dial-in webhook",
    responses=problem_responses(403, 422, 503),
)
async def dialin(request: Request, settings: SettingsDep) -> dict[str, str]:
    """A Daily number is ringing: create its room and start the call there."""
    body = await request.body()
    secret = settings.daily_webhook_secret
    if not signature_valid(
        secret.get_secret_value() if secret else None,
        request.headers.get("X-Pinless-Timestamp", ""),
        body,
        request.headers.get("X-Pinless-Signature", ""),
    ):
        raise Problem(403, "Forbidden", "The webhook signature is missing or wrong.")
    if settings.daily_api_key is None:
        raise Problem(503, "Daily is not configured", "Set FRONTDESK_DAILY_API_KEY.")
    try:
        call = DialinWebhook.model_validate_json(body)
    except ValueError as exc:
        raise Problem(422, "Invalid dial-in request", "callId and callDomain are needed.") from exc
    room_url, token = await _sip_room(settings, call.caller)
    _start(request, room_url, token, call)
    return {"status": "ok", "room": room_url.rsplit("/", 1)[-1]}


async def _sip_room(settings: Settings, caller: str | None) -> tuple[str, str]:
    import aiohttp
    from pipecat.transports.daily.utils import (
        DailyRESTHelper,
        DailyRoomParams,
        DailyRoomProperties,
        DailyRoomSipParams,
    )

    key = settings.daily_api_key.get_secret_value() if settings.daily_api_key else ""
    async with aiohttp.ClientSession() as session:
        rest = DailyRESTHelper(
            daily_api_key=key, daily_api_url=settings.daily_api_url, aiohttp_session=session
        )
        sip = DailyRoomSipParams(
            display_name=caller or "caller", video=False, sip_mode="dial-in", num_endpoints=1
        )
        properties = DailyRoomProperties(
            sip=sip, exp=time.time() + settings.voice_max_call_s, enable_dialout=True
        )
        room = await rest.create_room(DailyRoomParams(properties=properties))
        token = await rest.get_token(room.url, expiry_time=settings.voice_max_call_s)
    return room.url, token


def _start(request: Request, room_url: str, token: str, call: DialinWebhook) -> None:
    from pipecat.transports.daily.transport import (
        DailyDialinSettings,
        DailyParams,
        DailyTransport,
    )

    from api.voice.pipeline import build_call, fallback_counter, run_call

    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    key = settings.daily_api_key.get_secret_value() if settings.daily_api_key else ""
    transport = DailyTransport(
        room_url,
        token,
        "frontdesk",
        DailyParams(
            api_key=key,
            api_url=settings.daily_api_url,
            dialin_settings=DailyDialinSettings(call_id=call.call_id, call_domain=call.call_domain),
            audio_in_enabled=True,
            audio_out_enabled=True,
        ),
    )
    control = DailyCallControl(transport, settings, engine.clinic, engine.clock)
    running = build_call(
        transport,
        engine,
        settings,
        CallInfo(f"daily-{call.call_id}", call.caller, None, keypad=True),
        default_language=engine.clinic.default_language,
        sample_rate=DAILY_RATE,
        control=control,
        on_fallback=fallback_counter(request.app),
    )
    control.attach(running.frontdesk)

    @transport.event_handler("on_participant_left")
    async def _hung_up(_transport: object, _participant: object, _reason: object) -> None:
        await running.worker.cancel()

    task = asyncio.create_task(run_call(running))
    if getattr(request.app.state, "voice_calls", None) is None:
        request.app.state.voice_calls = set()
    request.app.state.voice_calls.add(task)
    task.add_done_callback(request.app.state.voice_calls.discard)
