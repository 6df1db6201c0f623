"""``frontdesk bench overhead``: the split of a turn's CPU adds up and names every part."""

from __future__ import annotations

from api.bench.overhead import run_overhead_bench


def test_the_overhead_report_splits_each_turn_and_compares_with_a_bare_step() -> None:
    report = run_overhead_bench(conversations=2)
    cpu = report["cpu_ms_per_turn"]
    assert report["turns"] > 5
    assert set(cpu) == {"total", "nodes", "langgraph", "engine", "bare_langgraph_step"}
    assert abs(cpu["nodes"] + cpu["langgraph"] + cpu["engine"] - cpu["total"]) < 0.01
    assert cpu["nodes"] > 0 and cpu["langgraph"] > 0 and cpu["bare_langgraph_step"] > 0
    assert report["own_share_vs_bare_step"] > 0
