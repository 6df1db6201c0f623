"""Scheduled messages as FHIR ``CommunicationRequest``s: the EHR sees what is planned.

A reminder planned for a visit is a CommunicationRequest ``active`` with the moment it is due
(``occurrenceDateTime``), the patient, the appointment (``about``) and the reminder's message
key; its id is derived from that key, so planning the same reminder twice writes one record.
When the reminder goes out it becomes ``completed``; when the visit is cancelled or moved the
requests of the old visit become ``revoked`` (the moved visit gets requests of its own). The
job queue still runs the work: the requests are the record, readable by any FHIR client.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from agent.clinic.outreach import OutreachConfig
from agent.outreach.compose import patient_of
from agent.outreach.jobs import Job
from agent.outreach.reminders import service_type_of
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import ResourceNotFoundError
from fhir_adapters.outreach_records import MESSAGE_KEY_SYSTEM, OUTREACH_CATEGORY_SYSTEM
from fhir_adapters.queries import AppointmentView
from fhir_adapters.resources import CommunicationRequest

_OPEN = ("active", "on-hold", "draft")


def request_id(key: str) -> str:
    """The CommunicationRequest id of message key ``key`` (a FHIR id: 64 characters at most)."""
    return "cr-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def reminder_key(appointment_id: str, minutes: int) -> str:
    """The message key of the reminder ``minutes`` before a visit (as the jobs name it)."""
    return f"reminder:{appointment_id}:{minutes}"


def planned(job: Job, view: AppointmentView, *, now: datetime) -> CommunicationRequest:
    """The request recording reminder ``job`` of ``view``."""
    payload: dict[str, Any] = {
        "resourceType": "CommunicationRequest",
        "id": request_id(job.key),
        "identifier": [{"system": MESSAGE_KEY_SYSTEM, "value": job.key}],
        "status": "active",
        "category": [{"coding": [{"system": OUTREACH_CATEGORY_SYSTEM, "code": "reminder"}]}],
        "about": [{"reference": f"Appointment/{view.appointment_id}"}],
        "occurrenceDateTime": job.run_at.isoformat(),
        "authoredOn": now.isoformat(),
    }
    patient_id = patient_of(view)
    if patient_id:
        payload["subject"] = {"reference": f"Patient/{patient_id}"}
        payload["recipient"] = [{"reference": f"Patient/{patient_id}"}]
    return CommunicationRequest.model_validate(payload)


async def plan(
    backend: SchedulingBackend, jobs: Sequence[Job], view: AppointmentView, *, now: datetime
) -> None:
    """Record the reminders planned for ``view`` (again: the same records, replaced)."""
    requests = [planned(j, view, now=now) for j in jobs if j.kind == "reminder"]
    if requests:
        await backend.put_resources(requests)


async def _set(backend: SchedulingBackend, keys: Sequence[str], status: str) -> int:
    changed = []
    for key in keys:
        try:
            found = await backend.get(CommunicationRequest, request_id(key))
        except ResourceNotFoundError:
            continue
        if found.status in _OPEN:
            changed.append(found.model_copy(update={"status": status, "meta": None}))
    if changed:
        await backend.put_resources(changed)
    return len(changed)


async def complete(backend: SchedulingBackend, key: str) -> None:
    """The reminder under ``key`` went out."""
    await _set(backend, [key], "completed")


async def revoke(backend: SchedulingBackend, view: AppointmentView, config: OutreachConfig) -> int:
    """Revoke what is still planned for a visit cancelled or moved away from."""
    offsets = config.reminder_offsets(service_type_of(view))
    keys = [reminder_key(view.appointment_id, int(o.total_seconds() // 60)) for o in offsets]
    return await _set(backend, keys, "revoked")
