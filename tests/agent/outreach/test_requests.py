"""Reminders planned ahead are FHIR CommunicationRequests: active when planned, completed
when sent, revoked when the visit is cancelled or moved; one per reminder however often it
is planned, on the embedded store and on a real FHIR server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.clinic.outreach import OutreachConfig
from agent.outreach import requests
from agent.outreach.jobs import Job
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import Actor, AppointmentView
from fhir_adapters.resources import Appointment, CommunicationRequest, Patient
from fhir_adapters.rest import RestBackend
from tests.agent.outreach.helpers import book, remind
from tests.fakes.outbound import Rig

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


async def _status(backend: SchedulingBackend, key: str) -> str:
    found = await backend.get(CommunicationRequest, requests.request_id(key))
    return str(found.status)


async def test_planned_then_completed_or_revoked_with_the_visit(rig: Rig) -> None:
    appointment_id, _ = await book(rig, "pat-0005", days=3)
    keys = [requests.reminder_key(appointment_id, m) for m in (48 * 60, 120)]
    first = await rig.backend.get(CommunicationRequest, requests.request_id(keys[0]))
    assert first.status == "active"
    assert [a.reference for a in first.about or []] == [f"Appointment/{appointment_id}"]
    assert first.subject is not None and first.subject.reference == "Patient/pat-0005"
    assert isinstance(first.occurrenceDateTime, datetime)
    assert first.occurrenceDateTime < datetime(2026, 11, 26, 23, 59, tzinfo=PARIS)
    await remind(rig, appointment_id)  # the 48 h reminder goes out
    assert await _status(rig.backend, keys[0]) == "completed"
    assert await _status(rig.backend, keys[1]) == "active"
    await rig.backend.cancel(appointment_id, patient_id="pat-0005", actor=Actor(name="test"))
    job = rig.outreach.event_job("cancelled", {"appointment_id": appointment_id})
    await rig.queue.enqueue([job])
    await rig.run_due()
    assert await _status(rig.backend, keys[0]) == "completed"  # what went out stays so
    assert await _status(rig.backend, keys[1]) == "revoked"


async def test_a_moved_visit_revokes_the_old_requests_and_plans_new_ones(rig: Rig) -> None:
    old_id, _ = await book(rig, "pat-0005", days=3)
    new_id, _ = await book(rig, "pat-0005", days=4, index=1)
    job = rig.outreach.event_job(
        "rescheduled", {"appointment_id": new_id, "previous_appointment_id": old_id}
    )
    await rig.queue.enqueue([job])
    await rig.run_due()
    assert await _status(rig.backend, requests.reminder_key(old_id, 120)) == "revoked"
    assert await _status(rig.backend, requests.reminder_key(new_id, 120)) == "active"


@pytest.fixture(params=["embedded", "fhir-server"])
async def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SchedulingBackend]:
    clock = FixedClock(NOW)
    backend: SchedulingBackend
    if request.param == "embedded":
        path = tmp_path_factory.mktemp("requests") / "store.sqlite"
        backend = EmbeddedBackend(path, tz="Europe/Paris", clock=clock)
    else:
        url = request.getfixturevalue("fhir_base_url")
        backend = RestBackend(url, tz="Europe/Paris", clock=clock)
    yield backend
    await backend.close()


async def test_one_request_per_reminder_on_either_store(store: SchedulingBackend) -> None:
    unique = uuid.uuid4().hex[:12]  # a shared server keeps earlier runs' records
    appointment_id, patient_id = f"appt-{unique}", f"pat-{unique}"
    start = NOW + timedelta(days=3)
    appointment = Appointment.model_validate(
        {
            "resourceType": "Appointment",
            "id": appointment_id,
            "status": "booked",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=20)).isoformat(),
            "participant": [
                {"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"}
            ],
        }
    )
    # A FHIR server checks references: the patient and the visit exist first.
    patient = Patient.model_validate({"resourceType": "Patient", "id": patient_id})
    await store.put_resources([patient])
    await store.put_resources([appointment])
    view = AppointmentView(appointment=appointment)
    key = requests.reminder_key(appointment_id, 120)
    job = Job(kind="reminder", key=key, run_at=start - timedelta(hours=2))
    await requests.plan(store, [job], view, now=NOW)
    await requests.plan(store, [job], view, now=NOW)  # planned twice: one record
    found = await store.get(CommunicationRequest, requests.request_id(key))
    assert found.status == "active"
    assert [i.value for i in found.identifier or []] == [key]
    config = OutreachConfig(reminders={"default": ["2h"]})
    assert await requests.revoke(store, view, config) == 1
    assert await _status(store, key) == "revoked"
    assert await requests.revoke(store, view, config) == 0  # already revoked
    await requests.complete(store, key)  # too late: a revoked request stays revoked
    assert await _status(store, key) == "revoked"
