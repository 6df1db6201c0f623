"""``frontdesk bench outbound``: reminders for 10,000 appointments, and the waitlist's speed.

1. **Scheduled**: plan the reminders of N booked appointments (offsets from the clinic
   file, quiet hours) and queue them in the embedded queue: reminders queued per second.
2. **Sent**: make them all due and let W worker processes (each its own store and queue
   connections, as separate servers would) send them through the console provider:
   reminders sent per second, and ``duplicates``: message keys written twice to the outbox
   or recorded twice in the store (must be 0).
3. **Waitlist**: a worker polls the queue as in production; each trial cancels a booked
   appointment and times how long until the first waiting patient's offer is written:
   p50/p95 seconds from the freed slot to the first offer.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import resource
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent.clinic import DEMO_CLINIC_FILE, ClinicConfig, load_clinic
from agent.outreach.providers import ConsoleProvider
from agent.outreach.reminders import reminder_jobs
from agent.outreach.sender import Sender
from agent.outreach.service import Outreach
from api.jobs.sqlite_queue import SqliteJobQueue
from api.jobs.worker import Worker
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import Actor

TZ = "Europe/Paris"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(TZ))  # a Monday morning, not quiet
_PRACTITIONERS = 10
_PATIENTS = 2000


def _practice(appointments: int) -> list[dict[str, Any]]:
    """A synthetic practice with ``appointments`` booked visits over the next two weeks."""
    out: list[dict[str, Any]] = [
        {"resourceType": "Location", "id": "loc", "name": "Cabinet", "status": "active"}
    ]
    for p in range(_PRACTITIONERS):
        out.append(
            {
                "resourceType": "Practitioner",
                "id": f"pr{p}",
                "name": [{"family": f"Martin{p}", "given": ["Claire"], "prefix": ["Dr"]}],
            }
        )
        out.append(
            {
                "resourceType": "Schedule",
                "id": f"sc{p}",
                "actor": [{"reference": f"Practitioner/pr{p}"}, {"reference": "Location/loc"}],
            }
        )
    for i in range(_PATIENTS):
        out.append(
            {
                "resourceType": "Patient",
                "id": f"pa{i}",
                "name": [{"family": f"Patient{i}", "given": ["Jean"]}],
                "telecom": [{"system": "phone", "value": f"+3361{i:07d}", "use": "mobile"}],
            }
        )
    for i in range(appointments):
        p = i % _PRACTITIONERS
        start = NOW + timedelta(days=3 + (i // 400) % 10, hours=(i // 10) % 9, minutes=(i % 4) * 15)
        end = start + timedelta(minutes=15)
        slot = {
            "resourceType": "Slot",
            "id": f"sl{i}",
            "schedule": {"reference": f"Schedule/sc{p}"},
            "status": "busy",
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        appointment = {
            "resourceType": "Appointment",
            "id": f"ap{i}",
            "status": "booked",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "slot": [{"reference": f"Slot/sl{i}"}],
            "participant": [
                {"actor": {"reference": f"Patient/pa{i % _PATIENTS}"}, "status": "accepted"},
                {"actor": {"reference": f"Practitioner/pr{p}"}, "status": "accepted"},
                {"actor": {"reference": "Location/loc"}, "status": "accepted"},
            ],
        }
        out += [slot, appointment]
    return out


def _outreach(
    store: Path, queue_path: Path, outbox: Path, clinic: ClinicConfig
) -> tuple[Outreach, EmbeddedBackend, SqliteJobQueue, ConsoleProvider]:
    clock = FixedClock(NOW)
    backend = EmbeddedBackend(store, tz=TZ, clock=clock)
    queue = SqliteJobQueue(queue_path, clock=clock, lease_s=120)
    provider = ConsoleProvider(outbox)
    sender = Sender(backend, provider, clock)
    outreach = Outreach(backend=backend, clinic=clinic, clock=clock, sender=sender, queue=queue)
    return outreach, backend, queue, provider


def _worker_process(store: str, queue_path: str, outbox: str, concurrency: int) -> None:
    async def main() -> None:
        clinic = load_clinic(DEMO_CLINIC_FILE)
        outreach, backend, queue, _ = _outreach(Path(store), Path(queue_path), Path(outbox), clinic)
        worker = Worker(queue, outreach.handle, concurrency=concurrency)
        idle = 0
        while idle < 3:  # three empty rounds in a row: the queue is drained
            count = await worker.run_once()
            idle = 0 if count else idle + 1
            if not count:
                await asyncio.sleep(0.05)
        await backend.close()

    asyncio.run(main())


async def _schedule(
    store: Path, queue_path: Path, outbox: Path, clinic: ClinicConfig
) -> dict[str, Any]:
    _, backend, queue, _ = _outreach(store, queue_path, outbox, clinic)
    started = time.perf_counter()
    views = await backend.list_appointments(statuses=["booked"], limit=1_000_000)
    jobs = [
        job
        for view in views
        for job in reminder_jobs(view, clinic.outreach, now=NOW, zone=clinic.zone)
    ]
    await queue.enqueue(jobs)
    elapsed = time.perf_counter() - started
    # Everything due now: the send phase measures sending, not waiting for the dates.
    queue._conn().execute("UPDATE job SET run_at = ?", (NOW.timestamp(),))
    await backend.close()
    return {"reminders_scheduled": len(jobs), "scheduled_per_s": round(len(jobs) / elapsed, 1)}


async def _waitlist_trials(
    store: Path, queue_path: Path, outbox: Path, clinic: ClinicConfig, trials: int
) -> list[float]:
    outreach, backend, queue, provider = _outreach(store, queue_path, outbox, clinic)
    worker = Worker(queue, outreach.handle, concurrency=8, poll_s=0.2)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    timings = []
    actor = Actor(name="bench")
    try:
        for trial in range(trials):
            appointment_id = f"ap{trial * 7}"
            await outreach.waitlist.join(f"pa{_PATIENTS - 1 - trial}")
            started = time.perf_counter()
            await backend.cancel(appointment_id, patient_id=None, actor=actor)
            await queue.enqueue(
                [outreach.event_job("cancelled", {"appointment_id": appointment_id}, notify=False)]
            )
            while not any(
                m.kind == "waitlist-offer" and f"sl{trial * 7}" in m.key for m in provider.sent
            ):
                await asyncio.sleep(0.005)
            timings.append(time.perf_counter() - started)
    finally:
        stop.set()
        await running
        await backend.close()
    return timings


def _duplicates(outbox: Path, store: Path) -> int:
    keys = Counter(json.loads(line)["key"] for line in outbox.read_text("utf-8").splitlines())
    import sqlite3

    with sqlite3.connect(store) as conn:
        recorded = conn.execute(
            "SELECT COUNT(*) - COUNT(DISTINCT message_key) FROM communication"
        ).fetchone()[0]
    return sum(n - 1 for n in keys.values() if n > 1) + int(recorded)


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (the workers): unlike wall-clock
    throughput, it does not grow when other work shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_outbound_bench(
    appointments: int, workers: int, concurrency: int, trials: int
) -> dict[str, Any]:
    """Run the three phases in a temporary directory and return the figures."""
    clinic = load_clinic(DEMO_CLINIC_FILE)
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-outbound-") as tmp:
        store, queue_path, outbox = (
            Path(tmp) / "store.sqlite",
            Path(tmp) / "jobs.sqlite",
            Path(tmp) / "outbox.jsonl",
        )
        seed = EmbeddedBackend(store, tz=TZ, clock=FixedClock(NOW))
        seed.load_json(_practice(appointments))
        seed.close_sync()
        report = asyncio.run(_schedule(store, queue_path, outbox, clinic))
        cpu_started, started = time.process_time(), time.perf_counter()
        children_before = _children_cpu()
        context = multiprocessing.get_context("spawn")
        procs = [
            context.Process(
                target=_worker_process, args=(str(store), str(queue_path), str(outbox), concurrency)
            )
            for _ in range(workers)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        elapsed = time.perf_counter() - started
        workers_cpu = _children_cpu() - children_before
        sent = sum(1 for _ in outbox.open("r", encoding="utf-8")) if outbox.exists() else 0
        duplicates = _duplicates(outbox, store) if outbox.exists() else 0
        stats = SqliteJobQueue(queue_path).stats()
        timings = asyncio.run(_waitlist_trials(store, queue_path, outbox, clinic, trials))
    return {
        "appointments": appointments,
        **report,
        "reminders_sent": sent,
        "sent_per_s": round(sent / elapsed, 1),
        "worker_cpu_ms_per_reminder": round(workers_cpu * 1000 / max(1, sent), 2),
        "duplicates": duplicates,
        "jobs_left": stats.queued + stats.running,
        "dead_jobs": stats.dead,
        "worker_processes": workers,
        "concurrency_per_worker": concurrency,
        "waitlist_trials": len(timings),
        "waitlist_first_offer_p50_s": round(_percentile(timings, 0.5), 3),
        "waitlist_first_offer_p95_s": round(_percentile(timings, 0.95), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "parent_cpu_s": round(time.process_time() - cpu_started, 2),
    }
