"""Reminders: offsets per visit type, quiet hours, nothing for a visit that is gone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent.clinic.outreach import OutreachConfig, QuietHours
from agent.outreach.quiet import is_quiet, next_allowed
from agent.outreach.reminders import reminder_jobs
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Appointment
from tests.agent.outreach.helpers import book, remind
from tests.fakes.outbound import Rig

PARIS = ZoneInfo("Europe/Paris")
RULES = QuietHours(start="20:00", end="08:30", sundays=True)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def test_quiet_hours_across_midnight_and_sundays() -> None:
    assert is_quiet(at(23, 21), RULES, PARIS)  # Monday 21:00
    assert is_quiet(at(24, 7, 59), RULES, PARIS)
    assert not is_quiet(at(24, 8, 30), RULES, PARIS)
    assert is_quiet(at(29, 12), RULES, PARIS)  # Sunday noon
    assert next_allowed(at(23, 21), RULES, PARIS) == at(24, 8, 30)
    assert next_allowed(at(24, 10), RULES, PARIS) == at(24, 10)
    # Saturday night -> the whole of Sunday -> Monday 08:30.
    assert next_allowed(at(28, 22), RULES, PARIS) == at(30, 8, 30)


def test_offsets_per_visit_type_and_the_default() -> None:
    config = OutreachConfig(reminders={"default": ["48h", "2h"], "vaccination": ["3d"]})
    assert config.reminder_offsets("consultation") == [timedelta(hours=48), timedelta(hours=2)]
    assert config.reminder_offsets("vaccination") == [timedelta(days=3)]


async def test_reminders_are_planned_at_their_offsets_outside_quiet_hours(rig: Rig) -> None:
    appointment_id, _ = await book(rig, "pat-0005", days=3)
    views = await rig.backend.list_appointments(patient_id="pat-0005", statuses=["booked"])
    view = next(v for v in views if v.appointment_id == appointment_id)
    jobs = reminder_jobs(view, rig.outreach.config, now=rig.clock.now(), zone=PARIS)
    start = view.start
    for job in jobs:
        assert not is_quiet(job.run_at, rig.outreach.config.quiet_hours, PARIS)
        assert job.run_at < start
    assert {job.payload["offset_minutes"] for job in jobs} == {48 * 60, 120}
    # A 48 h reminder falling in the night moves to the morning, never into the night.
    two_days = next(j for j in jobs if j.payload["offset_minutes"] == 48 * 60)
    expected = next_allowed(start - timedelta(hours=48), rig.outreach.config.quiet_hours, PARIS)
    assert two_days.run_at == expected


async def test_a_reminder_due_in_quiet_hours_waits_for_the_morning(rig: Rig) -> None:
    _appointment_id, _ = await book(rig, "pat-0005", days=3)
    rig.clock.set(at(25, 23))  # Wednesday 23:00: every reminder so far is due, but it is night
    await rig.run_due()
    assert rig.sent("reminder") == []
    rig.clock.set(at(26, 8, 30))
    await rig.run_due()
    assert len(rig.sent("reminder")) >= 1
    assert all(
        not is_quiet(m.expires_at or rig.clock.now(), RULES, PARIS) for m in rig.sent("reminder")
    )


async def test_no_reminder_for_a_cancelled_visit(rig: Rig) -> None:
    appointment_id, _ = await book(rig, "pat-0005", days=3)
    await rig.backend.cancel(appointment_id, patient_id=None, actor=Actor(name="staff"))
    await remind(rig, appointment_id)
    assert rig.sent("reminder") == []
    assert (await rig.backend.get(Appointment, appointment_id)).status == "cancelled"


async def test_two_workers_never_send_the_same_reminder(rig: Rig, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from api.jobs.sqlite_queue import SqliteJobQueue
    from api.jobs.worker import Worker

    booked = [(await book(rig, f"pat-{n:04d}", days=3, index=n))[0] for n in range(5, 15)]
    latest = rig.clock.now() + timedelta(days=4)
    rig.clock.set(latest)
    # Two workers with their own connections to the same queue file, as two processes.
    other = SqliteJobQueue(rig.queue.path, clock=rig.clock, lease_s=30)
    first = Worker(rig.queue, rig.outreach.handle, concurrency=4, name="w1")
    second = Worker(other, rig.outreach.handle, concurrency=4, name="w2")
    await asyncio.gather(first.drain(), second.drain())
    reminders = rig.sent("reminder")
    keys = [m.key for m in reminders]
    assert len(keys) == len(set(keys))
    assert {m.about[0] for m in reminders} <= {f"Appointment/{a}" for a in booked}
    assert first.processed + second.processed >= len(reminders)
    other.close()
