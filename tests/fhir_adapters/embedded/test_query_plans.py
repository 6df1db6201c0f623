"""Slot searches walk a covering index in start order: no table scan, no sort."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from fhir_adapters.embedded.database import Database
from fhir_adapters.embedded.slot_search import build_sql
from fhir_adapters.queries import PartOfDay, SlotQuery

NOW = datetime.fromisoformat("2026-11-23T08:00:00+01:00")


def _plan(query: SlotQuery, practitioner_id: str | None = None) -> str:
    db = Database(":memory:")
    try:
        sql, params = build_sql(query, NOW, practitioner_id)
        rows = db.connection().execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return " | ".join(str(row[-1]) for row in rows)
    finally:
        db.close()


@pytest.mark.parametrize(
    ("query", "practitioner_id", "index"),
    [
        (SlotQuery(limit=5), None, "slot_open_by_start"),
        (SlotQuery(part_of_day=PartOfDay.AFTERNOON, weekdays=(2, 4)), None, "slot_open_by_start"),
        (SlotQuery(specialty="dentistry", not_before=time(10)), None, "slot_open_by_specialty"),
        (
            SlotQuery(specialty="dentistry", location_id="loc", service_type="check-up"),
            None,
            "slot_open_by_specialty",
        ),
        (SlotQuery(practitioner_ids=("p1",), start=NOW), "p1", "slot_open_by_practitioner"),
        (
            SlotQuery(
                practitioner_ids=("p1",),
                specialty="dentistry",
                end=datetime(2027, 1, 1, tzinfo=NOW.tzinfo),
            ),
            "p1",
            "slot_open_by_practitioner",
        ),
    ],
)
def test_slot_search_uses_its_index_without_sorting(
    query: SlotQuery, practitioner_id: str | None, index: str
) -> None:
    plan = _plan(query, practitioner_id)

    assert plan.startswith(f"SEARCH slot USING INDEX {index} (")
    assert "start_ts>?" in plan  # a range scan from the earliest allowed start
    assert "TEMP B-TREE" not in plan  # ORDER BY start_ts comes from the index: no sort
