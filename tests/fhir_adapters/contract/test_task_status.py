"""Contract: staff close a Task (completed, with a note) on any backend, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fhir_adapters.access_audit import operation_of
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Task
from tests.fhir_adapters.contract.clinic import FixtureClinic

NURSE = Actor(name="nurse@practice.test", user_id="acct-7")


async def test_a_task_is_completed_with_a_note_and_the_change_is_audited(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    task = await backend.create_task(
        Task(status="requested", intent="order", description=f"renewal {clinic.tag}"),
        actor=Actor(),
    )
    clock.advance(timedelta(minutes=5))
    done = await backend.update_task(
        str(task.id), status="completed", note="Renewed by Dr Martin", actor=NURSE
    )

    assert done.status == "completed"
    stored = await backend.get(Task, str(task.id))
    assert stored.status == "completed"
    assert stored.note[-1].text == "Renewed by Dr Martin"
    assert stored.note[-1].authorString == "nurse@practice.test"
    assert stored.description == f"renewal {clinic.tag}"
    events = await backend.list_audit_events(limit=10)
    assert any(
        operation_of(e) == "task-completed"
        and any(en.what and en.what.reference == f"Task/{task.id}" for en in e.entity or [])
        for e in events
    )


async def test_unknown_tasks_and_statuses_are_refused(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    task = await backend.create_task(
        Task(status="requested", intent="order", description=f"x {clinic.tag}"), actor=Actor()
    )
    with pytest.raises(InvalidRequestError):
        await backend.update_task(str(task.id), status="finished-ish", actor=NURSE)
    with pytest.raises(ResourceNotFoundError):
        await backend.update_task("no-such-task", status="completed", actor=NURSE)
    assert (await backend.get(Task, str(task.id))).status == "requested"


async def test_a_task_priority_is_raised_with_a_note_and_its_status_kept(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    task = await backend.create_task(
        Task(
            status="in-progress",
            intent="order",
            priority="urgent",
            description=f"handoff {clinic.tag}",
        ),
        actor=Actor(),
    )
    clock.advance(timedelta(minutes=2))
    raised = await backend.update_task(
        str(task.id),
        status="in-progress",
        priority="stat",
        note="Chest pain while waiting",
        actor=NURSE,
    )

    assert (raised.status, raised.priority) == ("in-progress", "stat")
    stored = await backend.get(Task, str(task.id))
    assert (stored.status, stored.priority) == ("in-progress", "stat")
    assert stored.note is not None and stored.note[-1].text == "Chest pain while waiting"
    assert stored.description == f"handoff {clinic.tag}"
    events = await backend.list_audit_events(limit=10)
    assert any(
        operation_of(e) == "task-priority-stat"
        and any(en.what and en.what.reference == f"Task/{task.id}" for en in e.entity or [])
        for e in events
    )


async def test_an_invalid_priority_is_refused_and_nothing_changes(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    task = await backend.create_task(
        Task(status="requested", intent="order", priority="urgent", description=f"y {clinic.tag}"),
        actor=Actor(),
    )
    with pytest.raises(InvalidRequestError):
        await backend.update_task(
            str(task.id), status="requested", priority="now-now", note="hurry", actor=NURSE
        )
    stored = await backend.get(Task, str(task.id))
    assert (stored.status, stored.priority) == ("requested", "urgent")
    assert not stored.note
