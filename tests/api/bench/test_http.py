"""``frontdesk bench http`` drives real booking conversations over HTTP against the server it
starts and reports what the store holds afterwards (figures are not asserted: only facts)."""

from __future__ import annotations

from api.bench.http import free_port, run_http_bench


def test_the_http_bench_books_each_conversation_once() -> None:
    report = run_http_bench(4, 4, port=free_port(), weeks=1)
    assert report["errors"] == 0
    assert report["booked"] == report["booked_distinct_slots"] == 4
    assert report["double_bookings"] == 0 and report["orphans"] == 0
    assert report["turns"] >= 4 * 5  # open, ask, identify, choose, confirm
    assert {"p50", "p95", "p99"} <= report["turn_ms"].keys()
