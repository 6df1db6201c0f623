"""The booking race: its counts are right on a clean race and catch a corrupted store."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from api.bench.booking_race import count_outcomes, plan_attempts, run_booking_race
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Appointment, Patient, Schedule, Slot

TZ = ZoneInfo("Europe/Paris")
START = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)


def test_a_threaded_race_books_each_slot_exactly_once() -> None:
    report = run_booking_race(slots=12, attempts=48, threads=3, processes=0, tasks=2)

    assert report["appointments"] == 12
    assert report["booked_slots"] == 12
    assert report["double_bookings"] == 0
    assert report["orphans"] == 0
    assert report["outcomes"] == {"booked": 12, "taken": 36}


def test_a_race_across_processes_books_each_slot_exactly_once() -> None:
    report = run_booking_race(slots=8, attempts=32, threads=2, processes=2, tasks=2)

    assert (report["appointments"], report["double_bookings"], report["orphans"]) == (8, 0, 0)
    assert report["outcomes"]["booked"] == 8


def test_every_slot_is_wanted_by_several_workers() -> None:
    plans = plan_attempts([f"s{i}" for i in range(4)], attempts=16, workers=4)

    assert [len(p) for p in plans] == [4, 4, 4, 4]
    for i in range(4):
        assert {plan[i][0] for plan in plans} == {f"s{i}"}  # all four fight at step i
    keys = [key for plan in plans for _, _, key in plan]
    assert len(set(keys)) == 16


async def test_the_counts_catch_double_bookings_and_orphans(clock: FixedClock) -> None:
    store = EmbeddedBackend(":memory:", tz=TZ, clock=clock)
    slots = [
        Slot(
            id=f"s{i}",
            schedule={"reference": "Schedule/sched"},
            status=status,
            start=START + timedelta(hours=i),
            end=START + timedelta(hours=i, minutes=20),
        )
        for i, status in enumerate(("busy", "free", "busy", "free"))
    ]

    def appointment(aid: str, slot: str) -> Appointment:
        return Appointment(
            id=aid,
            status="booked",
            slot=[{"reference": f"Slot/{slot}"}],
            start=START,
            end=START + timedelta(minutes=20),
            participant=[{"actor": {"reference": "Patient/p"}, "status": "accepted"}],
        )

    await store.put_resources(
        [
            Schedule(id="sched", actor=[{"reference": "Practitioner/x"}]),
            Patient(id="p"),
            *slots,
            appointment("a1", "s0"),  # fine
            appointment("a2", "s1"),  # orphan: booked, slot free
            appointment("a3", "s3"),  # double booking with a4, both orphans (slot free)
            appointment("a4", "s3"),
        ]
    )  # s2 is busy without any appointment: one more orphan

    counts = await count_outcomes(store, ["s0", "s1", "s2", "s3"])
    await store.close()

    assert counts.appointments == 4
    assert counts.double_bookings == 1
    assert counts.orphans == 4
