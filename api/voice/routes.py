"""Voice routes on the web app: telephony webhooks and media streams, web voice, Daily.

Every webhook is checked before anything starts: a Twilio request must carry a valid
``X-Twilio-Signature`` (403 problem document otherwise), and a media stream must present the
signed ticket its webhook issued (the socket is closed with 1008 otherwise).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

from fastapi import APIRouter, Request, Response, WebSocket

from agent.settings import Settings
from api.http.deps import SettingsDep
from api.http.problems import Problem, xml_responses
from api.http.public_url import public_base, public_request_url
from api.voice import telnyx, twilio
from api.voice.control import CallControl, CallInfo, PhoneLine
from graphs.engine import Engine

log = logging.getLogger(__name__)

router = APIRouter(prefix="/voice", tags=["voice"])

POLICY_VIOLATION = 1008
PHONE_RATE = 8000
XML = "application/xml"


def stream_url(request: Request, settings: Settings, path: str) -> str:
    """The wss:// (or ws:// locally) URL of a media-stream endpoint."""
    return public_base(request, settings).replace("http", "ws", 1) + path


_warming: set[asyncio.Task[None]] = set()


def warm_up(settings: Settings) -> None:
    """Load the offline speech models while the call is still being set up (once a process)."""
    offline_speech = settings.voice_stt == "whisper" or settings.voice_tts == "offline"
    if not offline_speech and not settings.voice_fallback:
        return
    from api.voice.offline import warm

    task = asyncio.create_task(asyncio.to_thread(warm, settings.resolved_voice_models_dir))
    _warming.add(task)
    task.add_done_callback(_warming.discard)


async def _twilio_form(request: Request, settings: Settings) -> dict[str, str]:
    form = {k: str(v) for k, v in (await request.form()).multi_items()}
    signature = request.headers.get("X-Twilio-Signature", "")
    if not twilio.signature_valid(settings, public_request_url(request, settings), form, signature):
        # Nothing is started and nothing about the call is logged.
        raise Problem(403, "Forbidden", "The webhook signature is missing or wrong.")
    return form


@router.post(
    "/twilio/answer", summary="Twilio answer webhook (TwiML)", responses=xml_responses(403, 422)
)
async def twilio_answer(
    request: Request, settings: SettingsDep, lang: Literal["fr", "en"] | None = None
) -> Response:
    """Answer a call: connect it to our media stream with a signed ticket.

    ``lang`` (query) fixes the line's language, e.g. ``/voice/twilio/answer?lang=en`` for an
    English line; the practice's first language otherwise.
    """
    form = await _twilio_form(request, settings)
    warm_up(settings)
    ticket = twilio.StreamTicket(
        call_sid=form.get("CallSid", ""), caller=form.get("From") or None, language=lang
    )
    twiml = twilio.answer_twiml(
        stream_url(request, settings, "/voice/twilio/stream"),
        twilio.issue_ticket(settings, ticket),
        ticket.caller,
    )
    return Response(twiml, media_type=XML)


@router.post(
    "/twilio/briefing",
    summary="Twilio whisper: the staff member's briefing",
    responses=xml_responses(403, 422),
)
async def twilio_briefing(request: Request, settings: SettingsDep, t: str = "") -> Response:
    """The spoken briefing a receptionist hears before a transferred caller is connected."""
    await _twilio_form(request, settings)
    return _briefing(settings, t)


def _briefing(settings: Settings, token: str) -> Response:
    """The briefing of a signed token as TwiML/TeXML (403 when the token is not ours)."""
    found = twilio.read_briefing(settings, token)
    if found is None:
        raise Problem(403, "Forbidden", "The briefing token is missing or wrong.")
    return Response(twilio.briefing_twiml(*found), media_type=XML)


@router.websocket("/twilio/stream")
async def twilio_stream(websocket: WebSocket) -> None:
    """Twilio's bidirectional media stream: one pipeline for the call."""
    from pipecat.serializers.twilio import TwilioFrameSerializer

    settings: Settings = websocket.app.state.settings
    data = await _handshake(websocket, "twilio")
    ticket = twilio.read_ticket(settings, (data.body or {}).get("ticket")) if data else None
    if data is None or ticket is None or ticket.call_sid != data.call_id:
        await websocket.close(POLICY_VIOLATION)
        return
    # No automatic hang-up: closing the stream ends a <Connect><Stream> call by itself, and the
    # serializer's hang-up (on EndFrame *and* CancelFrame) would also cut a call we just
    # transferred to the staff line, whose stream stops when it is redirected.
    serializer = TwilioFrameSerializer(
        stream_sid=data.stream_id or "",
        call_sid=data.call_id,
        params=TwilioFrameSerializer.InputParams(auto_hang_up=False),
    )
    control = twilio.TwilioCallControl(_line(websocket, ticket))
    await _run_phone_call(websocket, serializer, f"twilio-{ticket.call_sid}", ticket, control)


def _line(websocket: WebSocket, ticket: twilio.StreamTicket) -> PhoneLine:
    settings: Settings = websocket.app.state.settings
    engine: Engine = websocket.app.state.engine
    base = public_base(websocket, settings)
    return PhoneLine(settings, engine.clinic, engine.clock, ticket.call_sid, base)


async def _handshake(websocket: WebSocket, provider: str) -> Any:
    """Accept a media stream and read the provider's opening messages (None: not that one)."""
    from pipecat.runner.utils import parse_telephony_websocket

    await websocket.accept()
    try:
        kind, data = await parse_telephony_websocket(websocket)
    except Exception:  # closed or garbled before the handshake: nothing to start
        return None
    return data if kind == provider else None


async def _run_phone_call(
    websocket: WebSocket,
    serializer: Any,
    conversation_id: str,
    ticket: twilio.StreamTicket,
    control: CallControl | None,
) -> None:
    """Run one phone call's pipeline on a provider's media-stream WebSocket."""
    from pipecat.transports.websocket.fastapi import (
        FastAPIWebsocketParams,
        FastAPIWebsocketTransport,
    )

    from api.voice.pipeline import build_call, fallback_counter, run_call

    settings: Settings = websocket.app.state.settings
    engine: Engine = websocket.app.state.engine
    transport = FastAPIWebsocketTransport(
        websocket,
        FastAPIWebsocketParams(
            audio_in_enabled=True,
            audio_out_enabled=True,
            add_wav_header=False,
            serializer=serializer,
        ),
    )
    call = build_call(
        transport,
        engine,
        settings,
        CallInfo(conversation_id, ticket.caller, ticket.language, keypad=True),
        default_language=engine.clinic.default_language,
        sample_rate=PHONE_RATE,
        control=control,
        timings=getattr(websocket.app.state, "voice_timings", None),
        on_fallback=fallback_counter(websocket.app),
    )

    @transport.event_handler("on_client_disconnected")
    async def _hung_up(_transport: object, _socket: object) -> None:
        await call.worker.cancel()

    await run_call(call)


async def _telnyx_form(request: Request, settings: Settings) -> dict[str, str]:
    body = await request.body()
    if not telnyx.signature_valid(
        settings.telnyx_public_key,
        request.headers.get("telnyx-timestamp", ""),
        body,
        request.headers.get("telnyx-signature-ed25519", ""),
    ):
        raise Problem(403, "Forbidden", "The webhook signature is missing or wrong.")
    return {k: str(v) for k, v in (await request.form()).multi_items()}


@router.post(
    "/telnyx/briefing",
    summary="Telnyx whisper: the staff member's briefing",
    responses=xml_responses(403, 422),
)
async def telnyx_briefing(request: Request, settings: SettingsDep, t: str = "") -> Response:
    """The spoken briefing a receptionist hears before a transferred caller is connected."""
    await _telnyx_form(request, settings)
    return _briefing(settings, t)


@router.post(
    "/telnyx/answer", summary="Telnyx TeXML answer webhook", responses=xml_responses(403, 422)
)
async def telnyx_answer(
    request: Request, settings: SettingsDep, lang: Literal["fr", "en"] | None = None
) -> Response:
    """Answer a Telnyx call: stream it to our WebSocket with a signed ticket."""
    form = await _telnyx_form(request, settings)
    warm_up(settings)
    ticket = twilio.StreamTicket(
        call_sid=form.get("CallSid", ""),
        caller=form.get("From") or None,
        language=lang,
        account_sid=form.get("AccountSid") or None,
    )
    texml = telnyx.answer_texml(
        stream_url(request, settings, "/voice/telnyx/stream"), twilio.issue_ticket(settings, ticket)
    )
    return Response(texml, media_type=XML)


@router.websocket("/telnyx/stream")
async def telnyx_stream(websocket: WebSocket) -> None:
    """Telnyx's bidirectional media stream: one pipeline for the call."""
    from pipecat.serializers.telnyx import TelnyxFrameSerializer

    settings: Settings = websocket.app.state.settings
    ticket = twilio.read_ticket(settings, websocket.query_params.get("ticket"))
    data = await _handshake(websocket, "telnyx") if ticket is not None else None
    if ticket is None or data is None:
        await websocket.close(POLICY_VIOLATION)
        return
    encoding = getattr(data, "outbound_encoding", None) or "PCMU"
    serializer = TelnyxFrameSerializer(
        stream_id=data.stream_id or "",
        outbound_encoding=encoding,
        inbound_encoding="PCMU",
        call_control_id=data.call_id,
        params=TelnyxFrameSerializer.InputParams(auto_hang_up=False),
    )
    control = telnyx.TelnyxCallControl(_line(websocket, ticket), ticket.account_sid)
    await _run_phone_call(websocket, serializer, f"telnyx-{ticket.call_sid}", ticket, control)
