"""A booking racer run in threads or in separate processes by the concurrency tests."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import SlotTakenError
from fhir_adapters.queries import BookingRequest


async def race(backend: EmbeddedBackend, slot_ids: list[str], patient_id: str) -> tuple[int, int]:
    """Try to book every slot for ``patient_id``; return (booked, refused as taken)."""
    booked = taken = 0
    for slot_id in slot_ids:
        try:
            await backend.book(
                BookingRequest(
                    slot_id=slot_id,
                    patient_id=patient_id,
                    idempotency_key=f"race-{patient_id}-{slot_id}",
                )
            )
            booked += 1
        except SlotTakenError:
            taken += 1
    return booked, taken


def race_in_threads(
    backend: EmbeddedBackend, slot_ids: list[str], patient_ids: list[str]
) -> list[tuple[int, int]]:
    """One thread (and event loop) per patient, all released at the same moment."""
    start = threading.Barrier(len(patient_ids))
    results: list[tuple[int, int]] = []

    def run(patient_id: str) -> None:
        start.wait()
        results.append(asyncio.run(race(backend, slot_ids, patient_id)))

    threads = [threading.Thread(target=run, args=(p,)) for p in patient_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def process_main(
    path: str,
    now: str,
    slot_ids: list[str],
    patient_ids: list[str],
    *,
    ready: Queue,
    go: Event,
    results: Queue,
) -> None:
    """Entry point of a racing process: open the store, wait for the start, race."""
    clock = FixedClock(datetime.fromisoformat(now))
    backend = EmbeddedBackend(path, tz="Europe/Paris", clock=clock)
    ready.put(True)
    go.wait()
    try:
        results.put(race_in_threads(backend, slot_ids, patient_ids))
    finally:
        backend.close_sync()
