"""The typed tools: read/write marks, patient scope, seen-ids rule, typed errors (never raised)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from agent.tools import (
    BookArgs,
    CancelArgs,
    FindPatientArgs,
    FindPractitionersArgs,
    FindSlotsArgs,
    ListAppointmentsArgs,
    RegisterPatientArgs,
    RescheduleArgs,
    SchedulingTools,
    StaffTaskArgs,
    TaskPriority,
    TaskPriorityArgs,
    ToolError,
    ToolScope,
)
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import BackendUnavailableError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Appointment, Task
from tests.graphs.conftest import backend, seeded_file, store_file  # noqa: F401

TZ = "Europe/Paris"


@pytest.fixture
def tools(backend: EmbeddedBackend, clock: FixedClock) -> SchedulingTools:  # noqa: F811
    return SchedulingTools(backend, clock=clock, tz=TZ)


def scope(patient: str | None = None, seen: tuple[str, ...] = ()) -> ToolScope:
    return ToolScope(conversation_id="conv-tools", patient_id=patient, seen_ids=frozenset(seen))


def test_every_tool_is_marked_read_or_write() -> None:
    assert SchedulingTools.specs() == {
        "find_practitioners": "read",
        "join_waitlist": "write",
        "find_slots": "read",
        "find_patient": "read",
        "list_appointments": "read",
        "register_patient": "write",
        "book_appointment": "write",
        "cancel_appointment": "write",
        "reschedule_appointment": "write",
        "create_staff_task": "write",
        "raise_task_priority": "write",
    }


async def test_find_slots_speaks_practice_local_time(tools: SchedulingTools) -> None:
    found = await tools.find_slots(
        FindSlotsArgs(
            practitioner_ids=["pract-martin"],
            earliest_date=date(2026, 11, 24),
            part_of_day="afternoon",
            not_before=time(15, 0),
            limit=3,
        ),
        scope(),
    )
    assert not isinstance(found, ToolError)
    assert len(found.items) == 3
    for option in found.items:
        assert option.start.utcoffset() is not None
        assert option.start.date() == date(2026, 11, 24)
        assert option.start.time() >= time(15, 0)
        assert option.practitioner == "Dr Claire Martin"
    assert found.references() == [f"Slot/{o.slot_id}" for o in found.items]
    declined = await tools.find_slots(
        FindSlotsArgs(
            practitioner_ids=["pract-martin"],
            earliest_date=date(2026, 11, 24),
            exclude_slot_ids=[found.items[0].slot_id],
            limit=3,
        ),
        scope(),
    )
    assert not isinstance(declined, ToolError)
    assert found.items[0].slot_id not in {o.slot_id for o in declined.items}


async def test_writes_need_an_identified_patient_and_seen_ids(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    found = await tools.find_slots(FindSlotsArgs(practitioner_ids=["pract-dubois"]), scope())
    assert not isinstance(found, ToolError)
    slot_id = found.items[0].slot_id
    args = BookArgs(slot_id=slot_id, idempotency_key="tools-test-key-1")
    anonymous = await tools.book_appointment(args, scope(seen=(f"Slot/{slot_id}",)))
    assert isinstance(anonymous, ToolError) and anonymous.code == "not_identified"
    unseen = await tools.book_appointment(args, scope("pat-0008"))
    assert isinstance(unseen, ToolError) and unseen.code == "unseen_id"
    assert await backend.list_appointments(patient_id="pat-0008") == []
    booked = await tools.book_appointment(args, scope("pat-0008", (f"Slot/{slot_id}",)))
    assert not isinstance(booked, ToolError)
    again = await tools.book_appointment(args, scope("pat-0008", (f"Slot/{slot_id}",)))
    assert not isinstance(again, ToolError)
    assert again.appointment_id == booked.appointment_id
    taken = await tools.book_appointment(
        BookArgs(slot_id=slot_id, idempotency_key="tools-test-key-2"),
        scope("pat-0009", (f"Slot/{slot_id}",)),
    )
    assert isinstance(taken, ToolError) and taken.code == "slot_taken"


async def test_appointments_are_scoped_to_the_patient(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    nobody = await tools.list_appointments(ListAppointmentsArgs(), scope())
    assert isinstance(nobody, ToolError) and nobody.code == "not_identified"
    mine = await tools.list_appointments(ListAppointmentsArgs(), scope("pat-0001"))
    assert not isinstance(mine, ToolError)
    [appointment] = mine.items
    assert appointment.practitioner == "Dr Claire Martin"
    # Patient B, even holding A's appointment id, cannot cancel or move it.
    seen = (f"Appointment/{appointment.appointment_id}",)
    cancel = await tools.cancel_appointment(
        CancelArgs(appointment_id=appointment.appointment_id), scope("pat-0008", seen)
    )
    assert isinstance(cancel, ToolError) and cancel.code == "not_found"
    found = await tools.find_slots(FindSlotsArgs(), scope())
    assert not isinstance(found, ToolError)
    move = await tools.reschedule_appointment(
        RescheduleArgs(
            appointment_id=appointment.appointment_id,
            slot_id=found.items[0].slot_id,
            idempotency_key="tools-move-1",
        ),
        scope("pat-0008", (*seen, f"Slot/{found.items[0].slot_id}")),
    )
    assert isinstance(move, ToolError) and move.code == "not_found"
    stored = await backend.get(Appointment, appointment.appointment_id)
    assert stored.status == "booked"


async def test_register_is_idempotent_and_tasks_concern_the_scoped_patient(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    details = RegisterPatientArgs(family="Lemaire", given="Paul", birth_date=date(1985, 4, 2))
    first = await tools.register_patient(details, scope())
    second = await tools.register_patient(details, scope())
    assert not isinstance(first, ToolError) and not isinstance(second, ToolError)
    assert (first.created, second.created) == (True, False)
    assert first.patient.id == second.patient.id
    found = await tools.find_patient(
        FindPatientArgs(family="lemaire", given="paul", birth_date=date(1985, 4, 2)), scope()
    )
    assert not isinstance(found, ToolError) and [p.id for p in found.items] == [first.patient.id]
    task = await tools.create_staff_task(
        StaffTaskArgs(code="billing", description="Billing question: charged twice"),
        scope(first.patient.id),
    )
    assert not isinstance(task, ToolError)
    stored = await backend.get(Task, task.task_id)
    assert stored.for_fhir is not None
    assert stored.for_fhir.reference == f"Patient/{first.patient.id}"
    assert stored.code is not None and stored.code.coding[0].code == "billing"


async def _handoff(
    tools: SchedulingTools, priority: TaskPriority, conversation: str = "conv-tools"
) -> str:
    made = await tools.create_staff_task(
        StaffTaskArgs(code="handoff", priority=priority, description="Caller waits"),
        ToolScope(conversation_id=conversation),
    )
    assert not isinstance(made, ToolError)
    return made.task_id


async def test_a_handoff_of_this_call_is_raised_to_stat_with_a_note(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    task_id = await _handoff(tools, "urgent")
    raised = await tools.raise_task_priority(
        TaskPriorityArgs(task_id=task_id, priority="stat", note="Chest pain while waiting"),
        scope(),
    )
    assert not isinstance(raised, ToolError)
    assert (raised.task_id, raised.code, raised.priority) == (task_id, "handoff", "stat")
    stored = await backend.get(Task, task_id)
    assert (stored.priority, stored.status) == ("stat", "requested")
    assert stored.note is not None and stored.note[-1].text == "Chest pain while waiting"


async def test_a_task_of_another_call_is_refused_and_unchanged(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    task_id = await _handoff(tools, "urgent", conversation="conv-other")
    refused = await tools.raise_task_priority(
        TaskPriorityArgs(task_id=task_id, priority="stat", note="not yours"), scope()
    )
    assert isinstance(refused, ToolError) and refused.code == "unseen_id"
    stored = await backend.get(Task, task_id)
    assert (stored.priority, stored.note) == ("urgent", None)


@pytest.mark.parametrize("asked", ["urgent", "stat"])
async def test_a_lower_or_equal_priority_changes_nothing(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
    asked: TaskPriority,
) -> None:
    task_id = await _handoff(tools, "stat")
    before = await backend.get(Task, task_id)
    same = await tools.raise_task_priority(
        TaskPriorityArgs(task_id=task_id, priority=asked, note="calmer now"), scope()
    )
    assert not isinstance(same, ToolError) and same.priority == "stat"
    after = await backend.get(Task, task_id)
    assert (after.priority, after.note) == ("stat", None)
    assert after.meta is not None and before.meta is not None
    assert after.meta.versionId == before.meta.versionId


async def test_an_unknown_or_closed_task_is_a_tool_error(
    tools: SchedulingTools,
    backend: EmbeddedBackend,  # noqa: F811
) -> None:
    unknown = await tools.raise_task_priority(
        TaskPriorityArgs(task_id="no-such-task", priority="stat"), scope()
    )
    assert isinstance(unknown, ToolError) and unknown.code == "not_found"
    task_id = await _handoff(tools, "urgent")
    await backend.update_task(task_id, status="completed", actor=Actor(name="nurse"))
    closed = await tools.raise_task_priority(
        TaskPriorityArgs(task_id=task_id, priority="stat"), scope()
    )
    assert isinstance(closed, ToolError) and closed.code == "invalid_state"
    assert (await backend.get(Task, task_id)).priority == "urgent"


async def _registered(tools: SchedulingTools, given: str, family: str, phone: str) -> str:
    args = RegisterPatientArgs(family=family, given=given, birth_date=BORN, phone=phone)
    made = await tools.register_patient(args, scope())
    assert not isinstance(made, ToolError) and made.created
    return made.patient.id


BORN = date(1991, 2, 17)


@pytest.mark.parametrize(
    ("given", "family", "who"),
    [
        ("Quantin", "Vassaire", "Vasseur"),
        ("Quentin", "Vasseur Orn", "Vasseur"),  # "born" misheard and read as a name
        ("Nomie", "Chabère", "Chabert"),
        ("John", "Vasseur", None),  # a relative on the same phone, not a mishearing
    ],
)
async def test_a_misheard_name_finds_the_record_only_with_birth_date_and_phone(
    tools: SchedulingTools, given: str, family: str, who: str | None
) -> None:
    home = "+33612009999"
    ids = {
        "Vasseur": await _registered(tools, "Quentin", "Vasseur", home),
        "Chabert": await _registered(tools, "Noémie", "Chabert", home),
    }
    await _registered(tools, "Quentin", "Vassaire", "+33612008888")  # born the same day
    said = {"family": family, "given": given, "birth_date": BORN}
    found = await tools.find_patient(FindPatientArgs(**said, phone="06 12 00 99 99"), scope())
    assert not isinstance(found, ToolError)
    assert [p.id for p in found.items] == ([ids[who]] if who else [])
    # Without the phone, or with another one, a misheard name finds nobody.
    for phone in (None, "+33612007777"):
        other = await tools.find_patient(FindPatientArgs(**said, phone=phone), scope())
        assert not isinstance(other, ToolError) and other.items == []


async def test_a_caller_id_that_is_no_phone_finds_nobody_and_is_no_error(
    tools: SchedulingTools,
) -> None:
    # Twilio presents "Anonymous" for a withheld number: the misheard-name fallback needs a
    # phone, and a name that matches no record is still "not found", never a failed lookup.
    await _registered(tools, "Quentin", "Vasseur", "+33612009999")
    said = FindPatientArgs(family="Vassaire", given="Quantin", birth_date=BORN, phone="Anonymous")
    found = await tools.find_patient(said, scope())
    assert not isinstance(found, ToolError) and found.items == []


async def test_a_misheard_name_close_to_two_records_finds_nobody(tools: SchedulingTools) -> None:
    # Twins on one phone: "Emmy Murphy" is as close to Emma as to Emily.
    for given in ("Emma", "Emily"):
        await _registered(tools, given, "Murphy", "+447700100263")
    said = FindPatientArgs(family="Murphy", given="Emmy", birth_date=BORN, phone="+447700100263")
    found = await tools.find_patient(said, scope())
    assert not isinstance(found, ToolError) and found.items == []


async def test_on_a_call_a_family_name_that_sounds_the_same_finds_the_record(
    tools: SchedulingTools,
) -> None:
    # Whisper spells a name it does not know as it hears it: "Ebert" for Hébert.
    hebert = await _registered(tools, "Adrien", "Hébert", "+33612003615")
    await _registered(tools, "Adrien", "Robert", "+33612003616")  # same day, another sound
    heard = {"family": "Ebert", "given": "Adrien", "birth_date": BORN}
    found = await tools.find_patient(FindPatientArgs(**heard, by_sound=True), scope())
    assert not isinstance(found, ToolError) and [p.id for p in found.items] == [hebert]
    # Both names may be heard wrong, each by a sound: "Agrien Eber".
    both = FindPatientArgs(**{**heard, "given": "Agrien"}, by_sound=True)
    found = await tools.find_patient(both, scope())
    assert not isinstance(found, ToolError) and [p.id for p in found.items] == [hebert]
    # Typed, the name is taken as written; heard, the birth date and given name stay exact.
    for args in (
        FindPatientArgs(**heard),
        FindPatientArgs(**{**heard, "given": "Julien"}, by_sound=True),
        FindPatientArgs(**{**heard, "birth_date": BORN.replace(year=BORN.year + 1)}, by_sound=True),
    ):
        other = await tools.find_patient(args, scope())
        assert not isinstance(other, ToolError) and other.items == []


async def test_a_family_name_that_sounds_like_two_records_finds_nobody(
    tools: SchedulingTools,
) -> None:
    for family in ("Dupont", "Dupond"):
        await _registered(tools, "Marie", family, "+33612001111")
    said = FindPatientArgs(family="Dupon", given="Marie", birth_date=BORN, by_sound=True)
    found = await tools.find_patient(said, scope())
    assert not isinstance(found, ToolError) and found.items == []


async def test_a_given_name_that_sounds_like_two_records_finds_neither(
    tools: SchedulingTools,
) -> None:
    for given in ("Marie", "Mario"):
        await _registered(tools, given, "Lebrun", "+33612002222")
    said = FindPatientArgs(family="Lebrin", given="Maria", birth_date=BORN, by_sound=True)
    found = await tools.find_patient(said, scope())
    assert not isinstance(found, ToolError) and found.items == []


async def test_practitioners_by_name(tools: SchedulingTools) -> None:
    found = await tools.find_practitioners(FindPractitionersArgs(name="docteur martn"), scope())
    assert not isinstance(found, ToolError)
    assert found.items[0].id == "pract-martin"


class _Down:
    """A backend that does not answer, or fails in an unexpected way."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Any:
        async def fail(*args: Any, **kwargs: Any) -> Any:
            raise self.error

        return fail


@pytest.mark.parametrize(
    ("error", "code"),
    [(BackendUnavailableError(), "unavailable"), (KeyError("boom"), "internal")],
)
async def test_backend_failures_come_back_as_tool_errors(
    clock: FixedClock, error: Exception, code: str
) -> None:
    tools = SchedulingTools(_Down(error), clock=clock, tz=TZ)  # type: ignore[arg-type]
    result = await tools.find_slots(FindSlotsArgs(), scope())
    assert isinstance(result, ToolError)
    assert result.code == code
    assert "boom" not in result.message
