"""Contract: a person's read or action (staff console) lands in the audit trail of any backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from fhir_adapters.access_audit import STAFF_SYSTEM, operation_of, patient_of
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.queries import Actor, AuditRecord
from fhir_adapters.resources import Task
from tests.fhir_adapters.contract.clinic import FixtureClinic

NURSE = Actor(name="nurse@practice.test", user_id="acct-7", conversation_id="conv-3")


async def test_a_staff_read_of_a_patient_record_is_audited_with_who_what_patient_when(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    task = await backend.create_task(
        Task(status="requested", intent="order", description="Callback"), actor=NURSE
    )
    clock.advance(timedelta(minutes=3))
    stored = await backend.record_audit(
        AuditRecord(
            actor=NURSE,
            action="R",
            purpose="view-transcript",
            patient_id=clinic.alice_id,
            entities=[f"Task/{task.id}"],
        )
    )

    assert stored.id
    events = await backend.list_audit_events(limit=20)
    event = next(e for e in events if e.id == stored.id)
    assert event.action == "R"
    assert operation_of(event) == "view-transcript"
    assert patient_of(event) == clinic.alice_id
    assert event.recorded == clock.now()
    who = event.agent[0].who
    assert who.display == "nurse@practice.test"
    assert who.identifier.system == STAFF_SYSTEM and who.identifier.value == "acct-7"
    assert event.agent[0].altId == "conv-3"
    refs = [str(e.what.reference) for e in event.entity or [] if e.what]
    assert refs == [f"Patient/{clinic.alice_id}", f"Task/{task.id}"]


async def test_an_action_without_a_patient_is_audited_too(backend: SchedulingBackend) -> None:
    stored = await backend.record_audit(AuditRecord(actor=NURSE, action="E", purpose="sign-in"))
    assert operation_of(stored) == "sign-in"
    assert patient_of(stored) is None


def test_free_text_never_reaches_the_trail_as_an_operation() -> None:
    with pytest.raises(ValidationError):
        AuditRecord(actor=NURSE, action="E", purpose="Jean Dupont called about chest pain")
