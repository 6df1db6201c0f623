"""Request ids, security headers, body limits, rate limits and metrics on every response."""

from __future__ import annotations

from collections.abc import Callable

from agent.settings import Settings
from api.http.app import create_app
from tests.api.conftest import serving


async def test_every_response_has_a_request_id_and_security_headers(
    make_settings: Callable[..., Settings],
) -> None:
    async with serving(create_app(make_settings())) as client:
        response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in csp and "script-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in response.headers
        https = await client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
        assert https.headers["strict-transport-security"].startswith("max-age=")
        odd = await client.get("/healthz", headers={"X-Request-ID": "a\nb"})
        assert odd.headers["x-request-id"] != "a\nb"
        # The server's own time, which a load test tells apart from its client's lag.
        name, _, duration = response.headers["server-timing"].partition(";dur=")
        assert name == "app" and float(duration) >= 0


async def test_widget_origins_are_allowed_to_frame_and_call(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(widget_origins=["https://www.practice.example"])
    async with serving(create_app(settings)) as client:
        response = await client.get("/healthz", headers={"Origin": "https://www.practice.example"})
        assert response.headers["access-control-allow-origin"] == "https://www.practice.example"
        assert "https://www.practice.example" in response.headers["content-security-policy"]
        other = await client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


async def test_an_oversized_body_is_refused_with_a_problem(
    make_settings: Callable[..., Settings],
) -> None:
    async with serving(create_app(make_settings(max_request_bytes=2048))) as client:
        response = await client.post("/v1/conversations", content=b"x" * 5000)
        assert response.status_code == 413
        assert response.json()["title"] == "Payload too large"


async def test_public_writes_are_rate_limited_per_client(
    make_settings: Callable[..., Settings],
) -> None:
    async with serving(create_app(make_settings(rate_limit_per_ip="3/minute"))) as client:
        statuses = [(await client.post("/v1/anything", json={})).status_code for _ in range(5)]
        assert statuses[:3] != [429] * 3 and statuses[3:] == [429, 429]
        limited = await client.post("/v1/anything", json={})
        assert int(limited.headers["retry-after"]) > 0
        assert (await client.get("/healthz")).status_code == 200  # reads are not limited


async def test_metrics_count_turns_events_and_ehr_calls(
    make_settings: Callable[..., Settings],
) -> None:
    app = create_app(make_settings())
    async with serving(app) as client:
        engine = app.state.engine
        await engine.start("m1", language="en")
        await engine.turn("m1", "My father has chest pain and can't breathe")
        await client.get("/healthz")
        text = (await client.get("/metrics")).text
    assert 'frontdesk_turns_total{channel="text"} 2.0' in text
    assert 'frontdesk_events_total{kind="handoff"}' in text
    assert "frontdesk_emergencies_total 1.0" in text
    assert 'frontdesk_ehr_call_seconds_count{operation="create_task"}' in text
    assert (
        'frontdesk_http_request_seconds_count{method="GET",route="/healthz",status="200"}' in text
    )
