"""Two bookings of one slot never both succeed, from threads or from separate processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import random
from datetime import time
from pathlib import Path

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Patient, Slot
from tests.fhir_adapters.contract.clinic import SLOT_TIMES, FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking
from tests.fhir_adapters.embedded.race_worker import process_main, race_in_threads


async def _racers(store: EmbeddedBackend, count: int, tag: str) -> list[str]:
    ids = [f"racer-{tag}-{i}" for i in range(count)]
    await store.put_resources([Patient(id=i, name=[{"family": "Racer"}]) for i in ids])
    return ids


def _future_slots(clinic: FixtureClinic) -> list[str]:
    slots = [
        clinic.slot(p, day, at)
        for p in clinic.practitioner_ids
        for day in range(1, 5)
        for at in SLOT_TIMES
    ]
    random.Random(7).shuffle(slots)
    return slots


async def _assert_one_booking_per_slot(store: EmbeddedBackend, slot_ids: list[str]) -> None:
    for slot_id in slot_ids:
        booked = await store.list_appointments(slot_id=slot_id, statuses=("booked",))
        assert len(booked) == 1, slot_id
        assert (await store.get(Slot, slot_id)).status == "busy"


async def test_threads_racing_for_the_same_slots_book_each_exactly_once(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    slot_ids = _future_slots(clinic)[:12]
    patients = await _racers(store, 8, clinic.tag)

    results = race_in_threads(store, slot_ids, patients)

    assert sum(b for b, _ in results) == len(slot_ids)
    assert sum(b + t for b, t in results) == len(slot_ids) * len(patients)
    await _assert_one_booking_per_slot(store, slot_ids)


async def test_processes_racing_on_one_file_book_each_slot_exactly_once(
    store: EmbeddedBackend, clinic: FixtureClinic, store_path: Path, clock: FixedClock
) -> None:
    slot_ids = _future_slots(clinic)[:10]
    patients = await _racers(store, 6, clinic.tag)
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    processes = [
        ctx.Process(
            target=process_main,
            args=(str(store_path), clock.now().isoformat(), slot_ids, patients[i::3]),
            kwargs={"ready": ready, "go": go, "results": results},
        )
        for i in range(3)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=60)
    go.set()
    outcomes = [r for _ in processes for r in results.get(timeout=60)]
    for process in processes:
        process.join(timeout=60)

    assert [p.exitcode for p in processes] == [0, 0, 0]
    assert sum(b for b, _ in outcomes) == len(slot_ids)
    assert sum(b + t for b, t in outcomes) == len(slot_ids) * len(patients)
    await _assert_one_booking_per_slot(store, slot_ids)


async def test_racing_reschedules_never_leave_a_slot_double_booked(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    target = clinic.slot(clinic.gp_id, 4, time(14, 0))
    patients = await _racers(store, 4, clinic.tag)
    sources = _future_slots(clinic)
    sources.remove(target)
    olds = [await store.book(booking(sources[i], p)) for i, p in enumerate(patients)]
    outcomes = await asyncio.gather(
        *(
            store.reschedule(str(old.id), booking(target, patient))
            for old, patient in zip(olds, patients, strict=True)
        ),
        return_exceptions=True,
    )

    winners = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(winners) == 1
    await _assert_one_booking_per_slot(store, [target])
    # Each racer still has exactly one booked visit: the winner moved, the others stayed.
    for patient_id in patients:
        booked = await store.list_appointments(patient_id=patient_id, statuses=("booked",))
        assert len(booked) == 1
