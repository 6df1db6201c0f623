"""``frontdesk bench ...`` prints one JSON object per run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app

runner = CliRunner()


def test_bench_search_prints_a_json_report(tmp_path: Path) -> None:
    store = tmp_path / "bench.sqlite"
    result = runner.invoke(
        app, ["bench", "search", "--slots", "1500", "--queries", "20", "--store", str(store)]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["benchmark"] == "search" and report["slots"] == 1500
    assert store.exists()


def test_bench_booking_race_prints_a_json_report() -> None:
    result = runner.invoke(
        app,
        ["bench", "booking-race", "--slots", "6", "--attempts", "18", "--processes", "0"],
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["appointments"] == 6
    assert report["double_bookings"] == 0 and report["orphans"] == 0


def test_bench_booking_race_rejects_an_unknown_durability() -> None:
    result = runner.invoke(app, ["bench", "booking-race", "--synchronous", "sometimes"])

    assert result.exit_code != 0


def test_bench_checkpoints_reports_sizes_before_and_after_pruning() -> None:
    result = runner.invoke(app, ["bench", "checkpoints", "--conversations", "7"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conversations"] == 7 and report["encrypted"] is True
    assert report["checkpoints_after"] == 7 < report["checkpoints_before"]
    assert report["bytes_after"] < report["bytes_before"]


def test_bench_turns_refuses_an_unknown_size() -> None:
    result = runner.invoke(app, ["bench", "turns", "--size", "city"])
    assert result.exit_code == 2
    assert "practice or hospital" in result.output
