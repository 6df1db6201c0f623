"""The probes and the problem documents of the web service."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from agent.settings import Settings
from api.http.app import create_app


@pytest.fixture
async def client(tmp_path: Path):
    settings = Settings(data_dir=tmp_path, now="2026-11-23T08:00:00+01:00")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c


async def test_healthz_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readyz_checks_store_and_checkpoints(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"ehr": "ok", "checkpoints": "ok", "bus": "ok"}
    assert response.json()["outbox_waiting"] == 0


async def test_unknown_route_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {"type", "title", "status", "detail"} <= response.json().keys()


async def test_readyz_reports_a_lost_bus_as_degraded_not_down(tmp_path: Path) -> None:
    # Redis for live updates, and nothing listening on its port: turns still work (200), the
    # bus check says what is wrong.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(
        data_dir=tmp_path,
        now="2026-11-23T08:00:00+01:00",
        bus="redis",
        redis_url=f"redis://127.0.0.1:{port}/0",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"ehr": "ok", "checkpoints": "ok", "bus": "unavailable"}
