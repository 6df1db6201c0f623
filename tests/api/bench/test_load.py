"""``frontdesk bench load`` and the kill -9 fault test: two workers serve the conversations, one
is killed mid-run, and every conversation goes on through the other (figures not asserted)."""

from __future__ import annotations

from typing import Any

import pytest

from api.bench import load
from api.bench.http import free_port
from api.bench.load import run_load_bench

CONVERSATIONS = 24


def test_killing_one_worker_mid_run_loses_and_doubles_nothing() -> None:
    report = run_load_bench(
        CONVERSATIONS, 2, port=free_port(), think_s=0.2, kill_after_turns=40, weeks=1
    )
    print(report)  # the figures, for whoever reads the log
    assert report["killed_worker"] is not None
    # Every conversation went on (retried on the other worker) and ended with its booking.
    assert report["errors"] == 0, report["outcomes"]
    assert report["booked"] == report["booked_distinct_slots"] == CONVERSATIONS
    # In the store: each booking the patients were told about, once, and nothing half-written.
    assert report["bookings_lost"] == 0
    assert report["double_bookings"] == 0 and report["orphans"] == 0
    assert report["booked_slots"] == CONVERSATIONS
    assert {"p50", "p95", "p99"} <= report["turn_ms"].keys()
    assert report["cpu_ms_per_conversation"] > 0


def test_scaling_runs_one_worker_then_n_and_divides_their_throughput(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[tuple[int, int, float]] = []

    def fake_run(conversations: int, workers: int, **options: Any) -> dict[str, Any]:
        ran.append((conversations, workers, options["think_s"]))
        return {"workers": workers, "turns_per_s": 10.0 * workers - 1}

    monkeypatch.setattr(load, "run_load_bench", fake_run)
    report = load.run_load_scaling(6, 2, think_s=0.0, weeks=1)
    assert ran == [(6, 1, 0.0), (6, 2, 0.0)]
    assert report["workers"] == [1, 2]
    assert report["throughput_scaling"] == round(19 / 9, 2)
    assert [r["workers"] for r in report["runs"]] == [1, 2]
