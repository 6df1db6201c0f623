"""Concurrent booking attempts on one store (``frontdesk bench booking-race``).

Several processes, each with several threads running many asyncio tasks (conversations),
try to book the same slots at the same time for different patients; by default
2 x 2 x 32 = 128 bookings are in flight at once, each slot wanted by four of them.
Afterwards the store must hold exactly one booked appointment per slot, no double booking,
and no orphan (a booked appointment whose slot is not busy, or a busy slot without its
appointment). ``count_outcomes`` checks that through the protocol only, so it works on
any SchedulingBackend (a REST server as well as the embedded store).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import tempfile
import threading
import time as timer
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any, Literal

from api.bench.search import NOW, TZ, Network
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import SchedulingError, SlotTakenError
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.resources import Slot

Attempt = tuple[str, str, str]  # slot id, patient id, idempotency key
Sync = Literal["FULL", "NORMAL"]
RACE_ACTOR = Actor(name="bench-booking-race")
RACE_NOW = NOW - timedelta(hours=1)  # before the first slot of the synthetic schedule


@dataclass(frozen=True)
class RaceCounts:
    """What a race left in the store, for the slots it was run on."""

    slots: int
    appointments: int
    booked_slots: int
    double_bookings: int
    orphans: int


async def count_outcomes(backend: SchedulingBackend, slot_ids: Sequence[str]) -> RaceCounts:
    """Count appointments, double bookings and orphans over ``slot_ids`` (protocol only)."""
    appointments = booked_slots = double = orphans = 0
    for slot_id in slot_ids:
        every = await backend.list_appointments(slot_id=slot_id, limit=500)
        booked = [v for v in every if v.appointment.status == "booked"]
        slot = await backend.get(Slot, slot_id)
        appointments += len(every)
        booked_slots += bool(booked)
        double += len(booked) > 1
        if slot.status == "busy":
            orphans += not booked
        else:
            orphans += len(booked)
    return RaceCounts(len(slot_ids), appointments, booked_slots, double, orphans)


async def attempt_booking(backend: SchedulingBackend, request: BookingRequest) -> str:
    """Try one booking; its outcome: "booked", "taken" or the scheduling error's class name."""
    try:
        await backend.book(request)
    except SlotTakenError:
        return "taken"
    except SchedulingError as error:
        return type(error).__name__
    return "booked"


def race_figures(
    outcomes: Counter[str], counts: RaceCounts, attempts: int, elapsed: float
) -> dict[str, Any]:
    """The report fields every booking race shares: outcomes, store counts and throughput."""
    return {
        "outcomes": dict(outcomes),
        **asdict(counts),
        "elapsed_s": round(elapsed, 3),
        "bookings_per_s": round(outcomes.get("booked", 0) / elapsed, 1),
        "attempts_per_s": round(attempts / elapsed, 1),
    }


def plan_attempts(slot_ids: Sequence[str], attempts: int, workers: int) -> list[list[Attempt]]:
    """Spread ``attempts`` over ``workers`` so every slot is wanted by several at once.

    Attempt k targets slot ``k * S // attempts``; consecutive attempts go to different
    workers, so at any moment the workers are fighting over the same few slots.
    """
    plans: list[list[Attempt]] = [[] for _ in range(workers)]
    for k in range(attempts):
        slot_id = slot_ids[k * len(slot_ids) // attempts]
        plans[k % workers].append((slot_id, f"race-pat-{k}", f"race-key-{k:08d}"))
    return plans


async def _run_attempts(backend: EmbeddedBackend, plan: list[Attempt]) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    for slot_id, patient_id, key in plan:
        request = BookingRequest(
            slot_id=slot_id, patient_id=patient_id, idempotency_key=key, actor=RACE_ACTOR
        )
        outcomes[await attempt_booking(backend, request)] += 1
    return outcomes


async def _run_tasks(backend: EmbeddedBackend, plans: list[list[Attempt]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for outcome in await asyncio.gather(*(_run_attempts(backend, p) for p in plans)):
        total.update(outcome)
    return total


def _race_threads(backend: EmbeddedBackend, plans: list[list[Attempt]], tasks: int) -> Counter[str]:
    """Run each plan in its own thread and event loop, ``tasks`` conversations at a time."""
    total: Counter[str] = Counter()
    guard = threading.Lock()

    def run(plan: list[Attempt]) -> None:
        outcome = asyncio.run(_run_tasks(backend, [plan[i::tasks] for i in range(tasks)]))
        with guard:
            total.update(outcome)

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total


def _process_main(
    path: str,
    now: str,
    plans: list[list[Attempt]],
    tasks: int,
    synchronous: Sync,
    switch_interval_s: float,
    *,
    ready: Queue,
    go: Event,
    results: Queue,
) -> None:
    sys.setswitchinterval(switch_interval_s)
    clock = FixedClock(datetime.fromisoformat(now))
    backend = EmbeddedBackend(path, tz=TZ, clock=clock, synchronous=synchronous)
    try:
        ready.put(True)
        go.wait()
        cpu = timer.process_time()
        outcomes = _race_threads(backend, plans, tasks)
        results.put((dict(outcomes), timer.process_time() - cpu))
    finally:
        backend.close_sync()


def _seed(path: Path, slots: int, attempts: int) -> list[str]:
    backend = EmbeddedBackend(path, tz=TZ, clock=FixedClock(RACE_NOW))
    try:
        network = Network(practitioners=6, locations=2)
        backend.load_json(list(network.directory()))
        payloads = [{**s, "status": "free"} for s in network.slots(slots, seed=0)]
        backend.load_json(payloads)
        backend.load_json(
            {"resourceType": "Patient", "id": f"race-pat-{k}", "name": [{"family": "Racer"}]}
            for k in range(attempts)
        )
        return [str(p["id"]) for p in payloads]
    finally:
        backend.close_sync()


def run_booking_race(
    slots: int,
    attempts: int,
    threads: int,
    processes: int,
    tasks: int = 32,
    synchronous: Sync = "FULL",
    switch_interval_ms: float = 0.5,
) -> dict[str, Any]:
    """Run the race in a fresh store file and return the JSON report.

    Args:
        slots: how many free slots are fought over.
        attempts: how many booking attempts in total (distinct patients and keys).
        threads: threads per process, each with its own event loop.
        processes: separate processes on the same file (0 = threads of this process only).
        tasks: concurrent conversations per thread (asyncio tasks), as in a server.
        synchronous: the store's durability setting ("FULL" is the default of the store).
        switch_interval_ms: the GIL switch interval of the racing processes. The store's
            writer thread gives the GIL back at every SQLite call; with the default 5 ms a
            busy event-loop thread can make it wait that long each time.
    """
    with tempfile.TemporaryDirectory(prefix="frontdesk-race-") as tmp:
        path = Path(tmp) / "race.sqlite"
        slot_ids = _seed(path, slots, attempts)
        workers = max(1, processes) * threads
        plans = plan_attempts(slot_ids, attempts, workers)
        switch_s = switch_interval_ms / 1000
        if processes:
            outcomes, elapsed, cpu_s = _race_processes(
                path, plans, processes, threads, (tasks, synchronous, switch_s)
            )
        else:
            clock = FixedClock(RACE_NOW)
            backend = EmbeddedBackend(path, tz=TZ, clock=clock, synchronous=synchronous)
            previous = sys.getswitchinterval()
            sys.setswitchinterval(switch_s)
            try:
                started, cpu = timer.perf_counter(), timer.process_time()
                outcomes = _race_threads(backend, plans, tasks)
                elapsed = timer.perf_counter() - started
                cpu_s = timer.process_time() - cpu
            finally:
                sys.setswitchinterval(previous)
                backend.close_sync()
        checker = EmbeddedBackend(path, tz=TZ, clock=FixedClock(RACE_NOW))
        try:
            counts = asyncio.run(count_outcomes(checker, slot_ids))
        finally:
            checker.close_sync()
    booked = outcomes.get("booked", 0)
    return {
        "benchmark": "booking-race",
        "backend": "embedded",
        "slots": slots,
        "attempts": attempts,
        "processes": processes,
        "threads_per_process": threads,
        "tasks_per_thread": tasks,
        "synchronous": synchronous,
        "switch_interval_ms": switch_interval_ms,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        **race_figures(outcomes, counts, attempts, elapsed),
        # CPU of the racing processes: a figure that does not depend on what else runs.
        "cpu_s": round(cpu_s, 3),
        "cpu_ms_per_booking": round(1000 * cpu_s / max(1, booked), 3),
        "meets_target": counts.appointments == slots
        and counts.double_bookings == 0
        and counts.orphans == 0
        and booked / elapsed >= 500,
    }


def _race_processes(
    path: Path,
    plans: list[list[Attempt]],
    processes: int,
    threads: int,
    settings: tuple[int, Sync, float],
) -> tuple[Counter[str], float, float]:
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    children = [
        ctx.Process(
            target=_process_main,
            args=(
                str(path),
                RACE_NOW.isoformat(),
                plans[i * threads : (i + 1) * threads],
                *settings,
            ),
            kwargs={"ready": ready, "go": go, "results": results},
        )
        for i in range(processes)
    ]
    for child in children:
        child.start()
    for _ in children:
        ready.get(timeout=120)
    started = timer.perf_counter()
    go.set()
    outcomes: Counter[str] = Counter()
    cpu_s = 0.0
    for _ in children:
        counted, cpu = results.get(timeout=600)
        outcomes.update(counted)
        cpu_s += cpu
    elapsed = timer.perf_counter() - started
    for child in children:
        child.join(timeout=60)
    return outcomes, elapsed, cpu_s
