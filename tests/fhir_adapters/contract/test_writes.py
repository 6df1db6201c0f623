"""Contract: creating patients and tasks, seeding with put_resources, the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import Actor, PatientQuery
from fhir_adapters.resources import Patient, Slot, Task
from tests.fhir_adapters.contract.clinic import FixtureClinic

ACTOR = Actor(name="contract-test", conversation_id="conv-9")
TASK_SYSTEM = "https://frontdesk.dev/task"


async def test_create_patient_assigns_an_id_and_makes_the_patient_findable(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    new = Patient(name=[{"family": clinic.family, "given": ["Denise"]}], birthDate=date(1950, 3, 3))
    created = await backend.create_patient(new, actor=ACTOR)

    assert created.id
    stored = await backend.get(Patient, str(created.id))
    assert stored.name[0].given == ["Denise"]
    found = await backend.find_patients(
        PatientQuery(family=clinic.family, given="denise", birth_date=date(1950, 3, 3))
    )
    assert [p.id for p in found] == [created.id]
    events = await backend.list_audit_events(limit=5)
    assert any(
        en.what and en.what.reference == f"Patient/{created.id}"
        for e in events
        for en in e.entity or []
    )


async def test_tasks_are_queued_newest_first_and_filtered_by_code(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    def task(code: str) -> Task:
        return Task(
            status="requested",
            intent="order",
            priority="routine",
            code={"coding": [{"system": TASK_SYSTEM, "code": code}]},
            description=f"{code} for {clinic.tag}",
        )

    first = await backend.create_task(task("callback"), actor=ACTOR)
    second = await backend.create_task(task("prescription-renewal"), actor=ACTOR)
    third = await backend.create_task(task("callback"), actor=ACTOR)

    callbacks = await backend.list_tasks(code="callback", limit=500)
    ours = [t.id for t in callbacks if t.id in {first.id, second.id, third.id}]
    assert ours == [third.id, first.id]
    newest = await backend.list_tasks(limit=3)
    assert [t.id for t in newest] == [third.id, second.id, first.id]


async def test_put_resources_replaces_by_id_and_bumps_the_version(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = next(iter(clinic.slots.values()))
    slot = await backend.get(Slot, slot_id)
    changed = slot.model_copy(update={"comment": "room 2"})
    await backend.put_resources([changed])

    again = await backend.get(Slot, slot_id)
    assert again.comment == "room 2"
    assert int(again.meta.versionId) > int(slot.meta.versionId)


async def test_put_resources_refuses_an_unknown_status_code(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    slot_id = next(iter(clinic.slots.values()))
    slot = await backend.get(Slot, slot_id)

    with pytest.raises(InvalidRequestError):
        await backend.put_resources([slot.model_copy(update={"status": "maybe"})])
    assert (await backend.get(Slot, slot_id)).status == "free"


async def test_a_task_with_an_unknown_status_is_refused(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    with pytest.raises(InvalidRequestError):
        await backend.create_task(Task(status="whenever", intent="order"), actor=ACTOR)
