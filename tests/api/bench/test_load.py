"""``frontdesk bench load`` and the kill -9 fault test: two workers serve the conversations, one
is killed mid-run, and every conversation goes on through the other (figures not asserted)."""

from __future__ import annotations

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
