"""Free-slot search latency over a large synthetic store (``frontdesk bench search``).

The store imitates a group practice network: practitioners of the six specialties spread
over several locations, 20-minute slots Monday to Friday 08:00-12:00 and 13:30-19:00, a
year ahead, about 30% already booked. It is bulk-loaded as FHIR JSON in large
transactions, then queried the way patients ask: a named doctor, a specialty in the
afternoon, "next week", "not before 10", a weekday, with small limits.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import statistics
import time as timer
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.embedded.schema import SLOT_SEARCH_INDEXES
from fhir_adapters.embedded.slot_search import build_sql
from fhir_adapters.queries import PartOfDay, SlotQuery

TZ = ZoneInfo("Europe/Paris")
DATA_START = date(2026, 11, 23)  # a Monday; the benchmark's "now" is 08:00 that day
NOW = datetime.combine(DATA_START, time(8, 0), TZ)
SPECIALTIES = (
    "general-practice",
    "paediatrics",
    "dentistry",
    "physiotherapy",
    "dermatology",
    "gynaecology",
)
SERVICES = ("consultation", "first-visit", "follow-up")
SLOT_MINUTES = 20


def _day_times() -> tuple[time, ...]:
    """Slot start times of a working day: 08:00-12:00 and 13:30-19:00."""
    times, length = [], timedelta(minutes=SLOT_MINUTES)
    for open_at, close_at in ((time(8, 0), time(12, 0)), (time(13, 30), time(19, 0))):
        at = datetime.combine(DATA_START, open_at)
        while (at + length).time() <= close_at:
            times.append(at.time())
            at += length
    return tuple(times)


DAY_TIMES = _day_times()
WEEKS = 52
SLOTS_PER_PRACTITIONER = len(DAY_TIMES) * 5 * WEEKS
BOOKED_SHARE = 0.3
_CHUNK = 100_000


@dataclass(frozen=True)
class Network:
    """The synthetic practice network: who works where, in which specialty."""

    practitioners: int
    locations: int

    @classmethod
    def for_slots(cls, slots: int) -> Network:
        """The smallest network that holds ``slots`` slots a year ahead."""
        practitioners = max(6, math.ceil(slots / SLOTS_PER_PRACTITIONER))
        return cls(practitioners=practitioners, locations=max(2, practitioners // 10))

    def specialty(self, p: int) -> str:
        return SPECIALTIES[p % len(SPECIALTIES)]

    def location(self, p: int) -> str:
        return f"bench-loc-{p % self.locations}"

    def directory(self) -> Iterator[dict[str, Any]]:
        """Location, Practitioner, PractitionerRole and Schedule JSON of the network."""
        for loc in range(self.locations):
            yield {"resourceType": "Location", "id": f"bench-loc-{loc}", "name": f"Site {loc}"}
        for p in range(self.practitioners):
            pid, specialty = f"bench-prac-{p}", {"coding": [{"code": self.specialty(p)}]}
            yield {
                "resourceType": "Practitioner",
                "id": pid,
                "name": [{"family": f"Doctor{p}", "given": ["Bench"]}],
            }
            yield {
                "resourceType": "PractitionerRole",
                "id": f"bench-role-{p}",
                "practitioner": {"reference": f"Practitioner/{pid}"},
                "specialty": [specialty],
            }
            yield {
                "resourceType": "Schedule",
                "id": f"bench-sched-{p}",
                "actor": [
                    {"reference": f"Practitioner/{pid}"},
                    {"reference": f"Location/{self.location(p)}"},
                ],
                "specialty": [specialty],
                "serviceType": [{"coding": [{"code": s}]} for s in SERVICES],
            }

    def slots(self, count: int, seed: int) -> Iterator[dict[str, Any]]:
        """``count`` Slot JSON dicts, practitioner by practitioner, day by day."""
        rng = random.Random(seed)
        length = timedelta(minutes=SLOT_MINUTES)
        made = 0
        for p in range(self.practitioners):
            for day in range(WEEKS * 7):
                when = DATA_START + timedelta(days=day)
                if when.isoweekday() > 5:
                    continue
                for at in DAY_TIMES:
                    if made == count:
                        return
                    start = datetime.combine(when, at, TZ)
                    yield {
                        "resourceType": "Slot",
                        "id": f"bench-slot-{p}-{day}-{at:%H%M}",
                        "schedule": {"reference": f"Schedule/bench-sched-{p}"},
                        "status": "busy" if rng.random() < BOOKED_SHARE else "free",
                        "start": start.isoformat(),
                        "end": (start + length).isoformat(),
                    }
                    made += 1


def build_store(path: Path, slots: int, seed: int) -> tuple[float, bool]:
    """Create the store at ``path`` unless it already holds ``slots`` slots.

    Returns:
        (seconds spent building, whether an existing store was reused).
    """
    backend = EmbeddedBackend(path, tz=TZ, clock=FixedClock(NOW), synchronous="NORMAL")
    try:
        with backend.db.read() as conn:
            (existing,) = conn.execute("SELECT count(*) FROM slot").fetchone()
        if existing == slots:
            _index_slots(backend)  # no-op unless an earlier build stopped half-way
            return 0.0, True
        if existing:
            raise SystemExit(f"{path} holds {existing} slots, not {slots}: use another --store")
        started = timer.perf_counter()
        # Building each index once at the end is several times faster than growing it
        # row by row during the load.
        with backend.db.write() as conn:
            for name in SLOT_SEARCH_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
        network = Network.for_slots(slots)
        backend.load_json(list(network.directory()))
        batch: list[dict[str, Any]] = []
        for slot in network.slots(slots, seed):
            batch.append(slot)
            if len(batch) == _CHUNK:
                backend.load_json(batch)
                batch = []
        if batch:
            backend.load_json(batch)
        _index_slots(backend)
        return timer.perf_counter() - started, False
    finally:
        backend.close_sync()


def _index_slots(backend: EmbeddedBackend) -> None:
    with backend.db.write() as conn:
        for ddl in SLOT_SEARCH_INDEXES.values():
            conn.execute(ddl)
        conn.execute("ANALYZE")


def make_queries(network: Network, count: int, seed: int) -> list[SlotQuery]:
    """``count`` varied queries like the ones patients ask for, reproducibly."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        kind = rng.randrange(6)
        p = rng.randrange(network.practitioners)
        limit = rng.randint(3, 10)
        day = NOW + timedelta(days=rng.randrange(0, 300))
        fields: dict[str, Any] = {"limit": limit}
        if kind == 0:  # "Dr X, as soon as possible"
            fields["practitioner_ids"] = (f"bench-prac-{p}",)
        elif kind == 1:  # "a dentist, in the afternoon"
            fields |= {"specialty": network.specialty(p), "part_of_day": PartOfDay.AFTERNOON}
        elif kind == 2:  # "a GP next week"
            fields |= {"specialty": network.specialty(p), "start": day}
            fields["end"] = day + timedelta(days=7)
        elif kind == 3:  # "Dr X or Dr Y, not before 10, mornings"
            fields["practitioner_ids"] = tuple(
                f"bench-prac-{rng.randrange(network.practitioners)}" for _ in range(2)
            )
            fields |= {"not_before": time(10, 0), "part_of_day": PartOfDay.MORNING}
        elif kind == 4:  # "on a Tuesday or Thursday evening, at that site"
            fields |= {
                "specialty": network.specialty(p),
                "location_id": network.location(p),
                "weekdays": (2, 4),
                "part_of_day": PartOfDay.EVENING,
                "service_type": rng.choice(SERVICES),
            }
        else:  # "anything from that date"
            fields["start"] = day
        queries.append(SlotQuery(**fields))
    return queries


async def _time_queries(
    backend: EmbeddedBackend, queries: list[SlotQuery]
) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds of each search, and how many found nothing."""
    latencies, cpu, empty = [], [], 0
    for query in queries[: min(20, len(queries))]:  # warm the page cache and the directory
        await backend.find_slots(query)
    for query in queries:
        started, cpu_started = timer.perf_counter(), timer.thread_time()
        found = await backend.find_slots(query)
        latencies.append((timer.perf_counter() - started) * 1000)
        cpu.append((timer.thread_time() - cpu_started) * 1000)
        empty += not found
    return latencies, cpu, empty


def query_plans(backend: EmbeddedBackend, queries: list[SlotQuery]) -> dict[str, str]:
    """SQLite's plan for the first query of each shape (which index it walks)."""
    plans: dict[str, str] = {}
    with backend.db.read() as conn:
        for query in queries:
            shape = "practitioner" if query.practitioner_ids else query.specialty and "specialty"
            shape = shape or "any"
            if shape in plans:
                continue
            first = query.practitioner_ids[0] if query.practitioner_ids else None
            sql, params = build_sql(query, NOW, first)
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            plans[shape] = " | ".join(str(row[-1]) for row in rows)
    return plans


def run_search_bench(path: Path, slots: int, queries: int, seed: int = 42) -> dict[str, Any]:
    """Build (or reuse) the store, time ``queries`` searches, return the JSON report."""
    build_s, reused = build_store(path, slots, seed)
    network = Network.for_slots(slots)
    backend = EmbeddedBackend(path, tz=TZ, clock=FixedClock(NOW))
    try:
        planned = make_queries(network, queries, seed)
        latencies, cpu, empty = asyncio.run(_time_queries(backend, planned))
        plans = query_plans(backend, planned)
    finally:
        backend.close_sync()
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    cpu_cuts = statistics.quantiles(cpu, n=100, method="inclusive")
    return {
        "benchmark": "search",
        "slots": slots,
        "practitioners": network.practitioners,
        "locations": network.locations,
        "store": str(path),
        "store_reused": reused,
        "build_s": round(build_s, 2),
        "queries": len(latencies),
        "empty_results": empty,
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "max_ms": round(max(latencies), 3),
        # CPU time of each search: what the latency would be on an otherwise idle machine.
        "cpu_p50_ms": round(cpu_cuts[49], 3),
        "cpu_p95_ms": round(cpu_cuts[94], 3),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "query_plans": plans,
        "target_p95_ms": 5.0,
        "meets_target": cuts[94] <= 5.0,
    }
