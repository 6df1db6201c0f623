"""Outreach records on every backend: messages idempotent per key, versioned updates,
lookups by patient / subject / category, waitlist entries, patient updates."""

from __future__ import annotations

import uuid
from datetime import time

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import VersionConflictError
from fhir_adapters.outreach_records import MESSAGE_KEY_SYSTEM, OUTREACH_CATEGORY_SYSTEM
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Appointment, Communication, Patient
from tests.fhir_adapters.contract.clinic import FixtureClinic

ACTOR = Actor(name="contract-outreach")


def message(patient_id: str, key: str, about: str, kind: str = "reminder") -> Communication:
    return Communication.model_validate(
        {
            "resourceType": "Communication",
            "identifier": [{"system": MESSAGE_KEY_SYSTEM, "value": key}],
            "status": "in-progress",
            "category": [{"coding": [{"system": OUTREACH_CATEGORY_SYSTEM, "code": kind}]}],
            "subject": {"reference": f"Patient/{patient_id}"},
            "recipient": [{"reference": f"Patient/{patient_id}"}],
            "about": [{"reference": about}],
            "payload": [{"contentString": "Rappel de votre rendez-vous."}],
        }
    )


async def test_a_message_is_stored_once_per_key_and_updated_under_its_version(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    key = f"reminder:{uuid.uuid4().hex}"
    about = f"Slot/{clinic.slot(clinic.gp_id, 1, time(9, 0))}"  # servers check references
    first, created = await backend.create_communication(
        message(clinic.alice_id, key, about), actor=ACTOR
    )
    assert created and first.id
    again, created_again = await backend.create_communication(
        message(clinic.alice_id, key, about), actor=ACTOR
    )
    assert not created_again and again.id == first.id
    done = first.model_copy(update={"status": "completed"})
    stored = await backend.update_communication(done, actor=ACTOR)
    assert stored.status == "completed"
    with pytest.raises(VersionConflictError):
        await backend.update_communication(done, actor=ACTOR)  # stale version
    mine = await backend.list_communications(patient_id=clinic.alice_id)
    assert [c.id for c in mine] == [first.id]
    assert (await backend.get(Communication, str(first.id))).status == "completed"
    assert [c.id for c in await backend.list_communications(about=about)] == [first.id]
    assert await backend.list_communications(patient_id=clinic.alice_id, category="recall") == []


async def test_waitlist_entries_are_listed_and_withdrawn(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    entry = Appointment.model_validate(
        {
            "resourceType": "Appointment",
            "status": "waitlist",
            "participant": [
                {"actor": {"reference": f"Patient/{clinic.bob_id}"}, "status": "needs-action"}
            ],
            "requestedPeriod": [{"start": "2026-11-24T08:00:00+01:00"}],
        }
    )
    stored = await backend.add_to_waitlist(entry, actor=ACTOR)
    waiting = await backend.list_appointments(patient_id=clinic.bob_id, statuses=["waitlist"])
    assert [v.appointment_id for v in waiting] == [stored.id]
    await backend.cancel(str(stored.id), patient_id=clinic.bob_id, actor=ACTOR)
    assert await backend.list_appointments(patient_id=clinic.bob_id, statuses=["waitlist"]) == []


async def test_a_patient_update_needs_the_current_version(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    patient = await backend.get(Patient, clinic.carol_id)
    flagged = patient.model_copy(update={"active": False})
    updated = await backend.update_patient(flagged, actor=ACTOR)
    assert updated.active is False
    with pytest.raises(VersionConflictError):
        await backend.update_patient(flagged, actor=ACTOR)
