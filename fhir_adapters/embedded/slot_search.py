"""Free-slot search as index range scans, earliest first.

Each search walks one covering index in start order from the earliest allowed instant and
stops after ``limit`` matches; the index is named explicitly (``INDEXED BY``) so the plan
never depends on table statistics. Several practitioners are searched one by one and
merged, because ``practitioner_id IN (...)`` would make SQLite sort every match.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from fhir_adapters.embedded.columns import epoch
from fhir_adapters.embedded.schema import (
    SLOT_INDEX_BY_PRACTITIONER,
    SLOT_INDEX_BY_SPECIALTY,
    SLOT_INDEX_BY_START,
)
from fhir_adapters.queries import SlotQuery

DAY_SECONDS = 24 * 3600
_FAR_FUTURE = 2**62


@dataclass(frozen=True)
class SlotHit:
    """One free slot row: its JSON and the ids to join it with."""

    start_ts: int
    json: str
    practitioner_id: str | None
    location_id: str | None
    service_type: str
    free_after: int


def _ceil_epoch(value: datetime) -> int:
    return math.ceil(value.timestamp())


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def local_window(query: SlotQuery) -> tuple[int, int]:
    """[low, high) practice-local seconds of day a slot may start in."""
    low, high = 0, DAY_SECONDS
    if query.part_of_day is not None:
        start, end = query.part_of_day.bounds()
        low, high = _seconds(start), DAY_SECONDS if end >= time(23, 59) else _seconds(end)
    if query.not_before is not None:
        low = max(low, _seconds(query.not_before))
    if query.not_after is not None:
        high = min(high, _seconds(query.not_after))
    return low, high


def build_sql(
    query: SlotQuery, now: datetime, practitioner_id: str | None
) -> tuple[str, list[Any]]:
    """The SELECT for one index scan (``practitioner_id`` picks the per-practitioner index)."""
    now_ts = epoch(now)
    # Slot starts are whole seconds: "after now" is >= now + 1 s, bounds round up.
    low_ts = max(now_ts + 1, _ceil_epoch(query.start) if query.start else 0)
    high_ts = _ceil_epoch(query.end) if query.end else _FAR_FUTURE
    where = ["free_after IS NOT NULL", "start_ts >= ?", "start_ts < ?", "free_after <= ?"]
    params: list[Any] = [low_ts, high_ts, now_ts]
    if practitioner_id is not None:
        index = SLOT_INDEX_BY_PRACTITIONER
        where.insert(1, "practitioner_id = ?")
        params.insert(0, practitioner_id)
    elif query.specialty:
        index = SLOT_INDEX_BY_SPECIALTY
        where.insert(1, "specialty = ?")
        params.insert(0, query.specialty)
    else:
        index = SLOT_INDEX_BY_START
    if practitioner_id is not None and query.specialty:
        where.append("specialty = ?")
        params.append(query.specialty)
    low, high = local_window(query)
    if (low, high) != (0, DAY_SECONDS):
        where.append("local_sec >= ? AND local_sec < ?")
        params += [low, high]
    if query.weekdays and set(query.weekdays) != set(range(1, 8)):
        where.append(f"weekday IN ({','.join('?' * len(query.weekdays))})")
        params += list(query.weekdays)
    if query.service_type:
        # A slot that declares no service type accepts any kind of visit.
        where.append("(service_type = '' OR instr(service_type, ?) > 0)")
        params.append(f",{query.service_type},")
    if query.location_id:
        where.append("location_id = ?")
        params.append(query.location_id)
    sql = (
        "SELECT start_ts, json, practitioner_id, location_id, service_type, free_after "
        f"FROM slot INDEXED BY {index} WHERE {' AND '.join(where)} "
        "ORDER BY start_ts LIMIT ?"
    )
    return sql, [*params, query.limit]


def search(conn: sqlite3.Connection, query: SlotQuery, now: datetime) -> list[SlotHit]:
    """Free slots matching ``query``, earliest first, at most ``query.limit``."""
    if query.start is not None and query.end is not None and query.end <= now:
        return []
    low, high = local_window(query)
    if low >= high:
        return []
    scans: list[str | None] = [*dict.fromkeys(query.practitioner_ids)] or [None]
    results = []
    for practitioner_id in scans:
        sql, params = build_sql(query, now, practitioner_id)
        results.append([SlotHit(*row) for row in conn.execute(sql, params)])
    merged = heapq.merge(*results, key=lambda hit: hit.start_ts)
    return [hit for _, hit in zip(range(query.limit), merged, strict=False)]
