"""Web voice with no account anywhere: Pipecat's SmallWebRTC transport and its prebuilt client.

The browser client (``pipecat-ai-prebuilt``) is served at ``/voice/``. It asks ``POST /start``
for a session, then sends its SDP offer to ``/sessions/{id}/api/offer`` (ICE candidates with
``PATCH``); ``/voice/api/offer`` takes an offer directly (other clients, tests). Each new peer
connection runs one call pipeline in the server's event loop.
"""

from __future__ import annotations

import asyncio
import uuid
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request

from agent.settings import Settings
from api.http.problems import Problem
from api.voice.control import CallInfo

router = APIRouter(tags=["voice"])
WEB_RATE = 16000


def prebuilt_client_dir() -> Path | None:
    """The prebuilt browser client's static build, when the package is installed."""
    try:
        folder = Path(str(files("pipecat_ai_prebuilt"))) / "client" / "dist"
    except ModuleNotFoundError:
        return None
    return folder if (folder / "index.html").is_file() else None


ui_router = APIRouter(tags=["voice"])
_client = prebuilt_client_dir()
if _client is not None:
    ui_router.frontend("/voice", directory=_client)


def _handler(request: Request) -> Any:
    from pipecat.transports.smallwebrtc.request_handler import SmallWebRTCRequestHandler

    state = request.app.state
    if getattr(state, "webrtc_handler", None) is None:
        state.webrtc_handler = SmallWebRTCRequestHandler()
        state.voice_calls = set()
    return state.webrtc_handler


@router.post("/start", summary="Start a web voice session (prebuilt client)")
async def start_session(request: Request) -> dict[str, Any]:
    """The prebuilt client's first request: a session id for its WebRTC offer."""
    try:
        body = await request.json()
    except ValueError:
        body = {}
    transport = (body or {}).get("transport") or "webrtc"
    if transport != "webrtc":
        raise Problem(400, "Unsupported transport", "Web voice here uses WebRTC.")
    return {"sessionId": str(uuid.uuid4())}


async def _offer(request: Request, language: Literal["fr", "en"] | None) -> dict[str, Any]:
    from pipecat.transports.smallwebrtc.request_handler import SmallWebRTCRequest

    try:
        offer = SmallWebRTCRequest.from_dict(await request.json())
    except (ValueError, TypeError) as exc:
        raise Problem(422, "Invalid offer", "The body is not a WebRTC offer.") from exc
    handler = _handler(request)

    async def connected(connection: Any) -> None:
        _start_call(request, connection, language)

    answer = await handler.handle_web_request(offer, connected)
    if answer is None:
        raise Problem(503, "No answer", "The WebRTC connection could not be set up.")
    return dict(answer)


async def _patch(request: Request) -> dict[str, str]:
    from pipecat.transports.smallwebrtc.request_handler import (
        IceCandidate,
        SmallWebRTCPatchRequest,
    )

    body = await request.json()
    patch = SmallWebRTCPatchRequest(
        pc_id=body.get("pc_id") or body.get("pcId") or "",
        candidates=[
            IceCandidate(
                candidate=c.get("candidate", ""),
                sdp_mid=c.get("sdp_mid") or c.get("sdpMid") or "",
                sdp_mline_index=int(c.get("sdp_mline_index", c.get("sdpMLineIndex", 0)) or 0),
            )
            for c in body.get("candidates", [])
        ],
    )
    await _handler(request).handle_patch_request(patch)
    return {"status": "success"}


@router.post("/voice/api/offer", summary="WebRTC offer: start a web voice call")
async def offer(request: Request, lang: Literal["fr", "en"] | None = None) -> dict[str, Any]:
    """Answer a WebRTC offer; the call's pipeline starts when the peer connects."""
    return await _offer(request, lang)


@router.patch("/voice/api/offer", summary="WebRTC ICE candidates")
async def patch_offer(request: Request) -> dict[str, str]:
    """Add trickled ICE candidates to a peer connection."""
    return await _patch(request)


@router.post("/sessions/{session_id}/api/offer", include_in_schema=False)
async def session_offer(request: Request, session_id: str) -> dict[str, Any]:
    """The prebuilt client's offer route (its session id is not needed here)."""
    return await _offer(request, None)


@router.patch("/sessions/{session_id}/api/offer", include_in_schema=False)
async def session_patch(request: Request, session_id: str) -> dict[str, str]:
    """The prebuilt client's ICE route."""
    return await _patch(request)


def _start_call(request: Request, connection: Any, language: Literal["fr", "en"] | None) -> None:
    from pipecat.transports.base_transport import TransportParams
    from pipecat.transports.smallwebrtc.transport import SmallWebRTCTransport

    from api.voice.pipeline import build_call, fallback_counter, run_call

    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    transport = SmallWebRTCTransport(
        webrtc_connection=connection,
        params=TransportParams(audio_in_enabled=True, audio_out_enabled=True),
    )
    call = build_call(
        transport,
        engine,
        settings,
        CallInfo(f"web-{uuid.uuid4().hex}", None, language, "voice"),
        default_language=engine.clinic.default_language,
        sample_rate=WEB_RATE,
        timings=getattr(request.app.state, "voice_timings", None),
        on_fallback=fallback_counter(request.app),
    )

    @transport.event_handler("on_client_disconnected")
    async def _left(_transport: object, _client: object) -> None:
        await call.worker.cancel()

    task = asyncio.create_task(run_call(call))
    calls: set[asyncio.Task[None]] = request.app.state.voice_calls
    calls.add(task)
    task.add_done_callback(calls.discard)
