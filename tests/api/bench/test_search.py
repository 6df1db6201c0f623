"""The search benchmark: a reproducible synthetic network and a complete report."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.bench.search import (
    BOOKED_SHARE,
    DAY_TIMES,
    NOW,
    TZ,
    Network,
    make_queries,
    run_search_bench,
)


def test_the_network_grows_with_the_number_of_slots() -> None:
    small, large = Network.for_slots(1_000), Network.for_slots(1_000_000)

    assert small.practitioners == 6
    assert large.practitioners > 100
    assert large.locations > small.locations


def test_slots_are_working_hours_on_weekdays_and_partly_booked() -> None:
    slots = list(Network.for_slots(3000).slots(3000, seed=1))

    assert len(slots) == 3000 == len({s["id"] for s in slots})
    booked = sum(s["status"] == "busy" for s in slots) / len(slots)
    assert abs(booked - BOOKED_SHARE) < 0.05
    assert DAY_TIMES[0].hour == 8 and DAY_TIMES[-1].hour == 18


def test_queries_are_reproducible_and_varied() -> None:
    network = Network.for_slots(10_000)
    first, again = make_queries(network, 60, seed=3), make_queries(network, 60, seed=3)

    assert first == again
    assert any(q.practitioner_ids for q in first)
    assert any(q.part_of_day for q in first)
    assert any(q.weekdays for q in first)
    assert all(3 <= q.limit <= 10 for q in first)


def test_the_report_has_percentiles_and_reuses_the_store(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite"
    first = run_search_bench(path, slots=2000, queries=60)
    second = run_search_bench(path, slots=2000, queries=60)

    assert first["store_reused"] is False and second["store_reused"] is True
    assert first["queries"] == 60
    assert first["empty_results"] < 60
    assert 0 < first["p50_ms"] <= first["p95_ms"] <= first["p99_ms"] <= first["max_ms"]
    assert set(first["query_plans"]) == {"practitioner", "specialty", "any"}
    assert all("USING INDEX slot_open_by_" in plan for plan in first["query_plans"].values())


def test_a_store_of_another_size_is_not_silently_reused(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite"
    run_search_bench(path, slots=500, queries=10)

    with pytest.raises(SystemExit):
        run_search_bench(path, slots=600, queries=10)


def test_now_is_a_monday_morning_in_the_practice_zone() -> None:
    assert NOW.tzinfo == TZ and NOW.isoweekday() == 1 and NOW.hour == 8
