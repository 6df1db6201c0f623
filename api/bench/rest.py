"""The benchmarks against a FHIR server (``frontdesk bench ... --fhir-url URL``).

Same data and queries as the embedded benchmarks (``api.bench.search``), through
``RestBackend``: latency is then mostly the server's. The booking race runs its attempts as
concurrent conversations (asyncio tasks) of one process, each with its own idempotency key,
on slots seeded under a fresh run tag, and checks the outcome through the protocol only.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time as timer
import uuid
from collections import Counter
from typing import Any

from api.bench.booking_race import (
    RACE_ACTOR,
    RACE_NOW,
    attempt_booking,
    count_outcomes,
    plan_attempts,
    race_figures,
)
from api.bench.search import NOW, TZ, Network, make_queries
from fhir_adapters.clock import FixedClock
from fhir_adapters.queries import BookingRequest
from fhir_adapters.resources import DomainResource, parse_resource
from fhir_adapters.rest import RestBackend

_PATIENTS = 50


def _typed(payloads: list[dict[str, Any]], tag: str) -> list[DomainResource]:
    """The payloads as R4B models, their ids and references renamed under ``tag``."""
    text = json.dumps(payloads).replace('"bench-', f'"{tag}-').replace("/bench-", f"/{tag}-")
    return [parse_resource(p) for p in json.loads(text)]


async def _search(url: str, slots: int, queries: int, seed: int) -> dict[str, Any]:
    network = Network.for_slots(slots)
    backend = RestBackend(url, tz=TZ, clock=FixedClock(NOW))
    try:
        started = timer.perf_counter()
        payloads = list(network.directory()) + list(network.slots(slots, seed))
        await backend.put_resources(_typed(payloads, "bench"))
        build_s = timer.perf_counter() - started
        latencies, empty = [], 0
        for query in make_queries(network, queries, seed):
            started = timer.perf_counter()
            found = await backend.find_slots(query)
            latencies.append((timer.perf_counter() - started) * 1000)
            empty += not found
    finally:
        await backend.close()
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "benchmark": "search",
        "backend": "rest",
        "fhir_url": url,
        "slots": slots,
        "practitioners": network.practitioners,
        "build_s": round(build_s, 2),
        "queries": len(latencies),
        "empty_results": empty,
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "max_ms": round(max(latencies), 3),
    }


def run_search_bench_rest(url: str, slots: int, queries: int, seed: int = 42) -> dict[str, Any]:
    """Seed ``slots`` slots into the server at ``url`` and time ``queries`` slot searches."""
    return asyncio.run(_search(url, slots, queries, seed))


async def _race(url: str, slots: int, attempts: int, concurrency: int) -> dict[str, Any]:
    tag = f"race{uuid.uuid4().hex[:8]}"
    backend = RestBackend(url, tz=TZ, clock=FixedClock(RACE_NOW))
    try:
        network = Network(practitioners=6, locations=2)
        slot_payloads = [{**s, "status": "free"} for s in network.slots(slots, seed=0)]
        patients = [
            {"resourceType": "Patient", "id": f"bench-pat-{k}", "name": [{"family": "Racer"}]}
            for k in range(min(_PATIENTS, attempts))
        ]
        await backend.put_resources(
            _typed(list(network.directory()) + slot_payloads + patients, tag)
        )
        slot_ids = [str(p["id"]).replace("bench-", f"{tag}-", 1) for p in slot_payloads]
        plans = plan_attempts(slot_ids, attempts, concurrency)
        outcomes: Counter[str] = Counter()

        async def conversation(plan: list[tuple[str, str, str]]) -> None:
            for slot_id, _, key in plan:
                attempt_number = int(key.rsplit("-", 1)[1])
                request = BookingRequest(
                    slot_id=slot_id,
                    patient_id=f"{tag}-pat-{attempt_number % len(patients)}",
                    idempotency_key=f"{tag}-{key}",
                    actor=RACE_ACTOR,
                )
                outcomes[await attempt_booking(backend, request)] += 1

        started = timer.perf_counter()
        await asyncio.gather(*(conversation(plan) for plan in plans))
        elapsed = timer.perf_counter() - started
        counts = await count_outcomes(backend, slot_ids)
    finally:
        await backend.close()
    return {
        "benchmark": "booking-race",
        "backend": "rest",
        "fhir_url": url,
        "run_tag": tag,
        "slots": slots,
        "attempts": attempts,
        "concurrent_conversations": concurrency,
        **race_figures(outcomes, counts, attempts, elapsed),
        "exactly_one_per_slot": counts.booked_slots == slots
        and counts.double_bookings == 0
        and counts.orphans == 0,
    }


def run_booking_race_rest(url: str, slots: int, attempts: int, concurrency: int) -> dict[str, Any]:
    """Race ``attempts`` bookings over ``slots`` fresh slots on the server at ``url``."""
    return asyncio.run(_race(url, slots, attempts, concurrency))
