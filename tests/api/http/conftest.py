"""Fixtures of the web service tests: an app on a private data_dir holding a copy of the demo
practice (seeded once per session), and an httpx client speaking HTTP and WebSocket to it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from httpx_ws.transport import ASGIWebSocketTransport

from agent.settings import Settings
from api.http.app import create_app
from graphs.engine import build_engine

NOW = "2026-11-23T08:00:00+01:00"
"""Monday 23 November 2026, 08:00 in Paris: slots are the same on every run."""


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo practice seeded once (two weeks) by the engine's own first start."""
    data_dir = tmp_path_factory.mktemp("seeded")

    async def seed() -> None:
        engine = await build_engine(web_settings(data_dir))
        await engine.aclose()

    asyncio.run(seed())
    return data_dir / "frontdesk.sqlite"


def web_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings of a test server on ``data_dir`` (fixed clock, two weeks of demo slots)."""
    return Settings(data_dir=data_dir, now=NOW, demo_weeks=2, **overrides)


@pytest.fixture
def data_dir(seeded_store: Path, tmp_path: Path) -> Path:
    """A private data_dir starting with a copy of the seeded practice."""
    shutil.copy(seeded_store, tmp_path / "frontdesk.sqlite")
    return tmp_path


class Server:
    """An app instance on ``data_dir`` with its lifespan running."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app = app
        self.client = client

    @property
    def engine(self) -> Any:
        return self.app.state.engine


async def start_server(settings: Settings) -> tuple[Server, Any]:
    """Start an app and its client; returns the server and a closer."""
    app = create_app(settings)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    async def close() -> None:
        await client.aclose()
        await lifespan.__aexit__(None, None, None)

    return Server(app, client), close


@pytest.fixture
async def server(data_dir: Path) -> AsyncIterator[Server]:
    """The web service on a private copy of the demo practice."""
    running, close = await start_server(web_settings(data_dir))
    yield running
    await close()


@pytest.fixture
def client(server: Server) -> httpx.AsyncClient:
    """The httpx client of ``server``."""
    return server.client


def ws_client(server: Server) -> httpx.AsyncClient:
    """A client that also speaks WebSocket to ``server`` (use it as ``async with``, inside
    the test's own task: its transport runs a task group)."""
    return httpx.AsyncClient(
        transport=ASGIWebSocketTransport(app=server.app), base_url="http://test"
    )


async def open_conversation(
    client: httpx.AsyncClient, language: str | None = "en"
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """POST /v1/conversations: (id, auth headers, body)."""
    response = await client.post("/v1/conversations", json={"language": language})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["id"], {"Authorization": f"Bearer {body['token']}"}, body
