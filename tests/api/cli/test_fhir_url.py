"""``--fhir-url``: benchmarks against a real FHIR server (FHIR_BASE_URL); seeding goes there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app


@pytest.mark.fhir_server
def test_booking_race_over_rest_books_each_slot_exactly_once(fhir_base_url: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            "bench", "booking-race", "--fhir-url", fhir_base_url,
            "--slots", "4", "--attempts", "24", "--threads", "2", "--tasks", "4",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["backend"] == "rest"
    assert report["appointments"] == 4 and report["booked_slots"] == 4
    assert report["double_bookings"] == 0 and report["orphans"] == 0
    assert report["outcomes"] == {"booked": 4, "taken": 20}


@pytest.mark.fhir_server
def test_search_bench_over_rest_prints_latencies(fhir_base_url: str) -> None:
    result = CliRunner().invoke(
        app, ["bench", "search", "--fhir-url", fhir_base_url, "--slots", "60", "--queries", "10"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["backend"] == "rest" and report["queries"] == 10
    assert report["p50_ms"] <= report["p95_ms"] <= report["max_ms"]


def test_seed_goes_to_the_fhir_url_not_to_the_store(tmp_path: Path) -> None:
    # Nothing listens on port 9: seeding through the REST backend must fail cleanly. (The
    # demo clinic's fixed ids are not written into the shared test server, whose other
    # users, the eval replays, judge every appointment on it.)
    result = CliRunner().invoke(
        app,
        ["seed", "--fhir-url", "http://127.0.0.1:9/fhir", "--store", str(tmp_path / "s.db")],
    )
    assert result.exit_code == 1
    assert "could not be seeded" in result.output
    assert not (tmp_path / "s.db").exists()
