"""``--fhir-url``: seeding and benchmarks against a real FHIR server (FHIR_BASE_URL)."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from api.cli.main import app

pytestmark = pytest.mark.fhir_server


@pytest.fixture
def fhir_url() -> str:
    """The real FHIR server; the one allowed skip is when none is configured."""
    url = os.environ.get("FHIR_BASE_URL")
    if not url:
        pytest.skip("FHIR_BASE_URL is not set (.ci/run always starts a FHIR test server)")
    return url


def test_booking_race_over_rest_books_each_slot_exactly_once(fhir_url: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            "bench", "booking-race", "--fhir-url", fhir_url,
            "--slots", "4", "--attempts", "24", "--threads", "2", "--tasks", "4",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["backend"] == "rest"
    assert report["appointments"] == 4 and report["booked_slots"] == 4
    assert report["double_bookings"] == 0 and report["orphans"] == 0
    assert report["outcomes"] == {"booked": 4, "taken": 20}


def test_search_bench_over_rest_prints_latencies(fhir_url: str) -> None:
    result = CliRunner().invoke(
        app, ["bench", "search", "--fhir-url", fhir_url, "--slots", "60", "--queries", "10"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["backend"] == "rest" and report["queries"] == 10
    assert report["p50_ms"] <= report["p95_ms"] <= report["max_ms"]


def test_seed_puts_the_demo_clinic_into_the_server(fhir_url: str) -> None:
    args = ["seed", "--fhir-url", fhir_url, "--weeks", "1"]
    first = CliRunner().invoke(app, args, env={"FRONTDESK_NOW": "2026-11-23T08:00:00+01:00"})
    assert first.exit_code == 0, first.output
    assert "8 practitioners" in first.output and "50 patients" in first.output
    again = CliRunner().invoke(app, args, env={"FRONTDESK_NOW": "2026-11-23T08:00:00+01:00"})
    assert again.exit_code == 0 and "already holds the demo practice" in again.output
