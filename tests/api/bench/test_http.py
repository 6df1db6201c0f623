"""``frontdesk bench http`` drives real booking conversations over HTTP against the server it
starts and reports what the store holds afterwards (figures are not asserted: only facts)."""

from __future__ import annotations

import pytest

from api.bench.http import PHONE_DIAL_SPREAD_S, _Run, free_port, run_http_bench, wished_day


def test_the_http_bench_books_each_conversation_once() -> None:
    report = run_http_bench(4, 4, port=free_port(), weeks=1)
    assert report["errors"] == 0
    assert report["booked"] == report["booked_distinct_slots"] == 4
    assert report["double_bookings"] == 0 and report["orphans"] == 0
    assert report["turns"] >= 4 * 5  # open, ask, identify, choose, confirm
    assert {"p50", "p95", "p99"} <= report["turn_ms"].keys()
    # The server's own time (Server-Timing) is part of what the client waited for.
    assert 0 < report["server_ms"]["p50"] <= report["turn_ms"]["max"]
    assert 1 <= report["peak_concurrent"] <= 4


def test_conversations_ask_for_weekdays_spread_over_the_seeded_weeks() -> None:
    days = [wished_day(n, weeks=4) for n in range(40)]
    assert not any(d.startswith(("Saturday", "Sunday")) for d in days)
    assert len(set(days)) >= 19  # every weekday of the four weeks after Monday 23 November
    assert "Monday 23 November" not in days  # never today: its morning is already going


def test_a_think_time_keeps_every_booking_single() -> None:
    report = run_http_bench(3, 3, port=free_port(), weeks=1, think_s=0.05)
    assert report["think_s"] == 0.05 and report["errors"] == 0
    assert report["booked"] == report["booked_distinct_slots"] == 3
    assert report["double_bookings"] == 0 and report["server_cpu_ms_per_turn"] > 0


async def test_phone_pace_is_the_reply_spoken_a_reaction_and_the_callers_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("api.bench.http.asyncio.sleep", sleep)
    run = _Run(think_s=None, seed=3)
    heard = " ".join(["word"] * 20)  # 8 s spoken at 150 words a minute
    await run.think(heard=heard, said="yes please")  # and 0.8 s of the caller's
    await run.think(share=0.5)  # dialling in: somewhere in the first 10 s
    assert 8.8 + 0.5 <= slept[0] <= 8.8 + 1.5
    assert 0 <= slept[1] <= PHONE_DIAL_SPREAD_S
    fixed = _Run(think_s=2.0, seed=3)
    await fixed.think(heard=heard, said="yes please")  # a set think time ignores the words
    assert 1.0 <= slept[2] <= 3.0
