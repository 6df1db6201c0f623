"""A waitlist entry as FHIR has it: an Appointment ``waitlist`` with a ``requestedPeriod``.

Built in one place for every way onto the list (a conversation's tool, the outreach service,
the staff command), so an entry always reads the same to the offer logic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fhir_adapters.resources import Appointment

IDEMPOTENCY_SYSTEM = "https://frontdesk.dev/idempotency-key"
SERVICE_TYPE_SYSTEM = "https://frontdesk.dev/service-type"


def waitlist_entry(
    patient_id: str,
    *,
    now: datetime,
    practitioner_id: str | None = None,
    service_type: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    key: str | None = None,
) -> Appointment:
    """The entry putting ``patient_id`` on the waiting list (no window: the practice's
    default one applies); ``key`` makes a retried write find the first entry."""
    participants: list[dict[str, Any]] = [
        {"actor": {"reference": f"Patient/{patient_id}"}, "status": "needs-action"}
    ]
    if practitioner_id:
        actor = {"reference": f"Practitioner/{practitioner_id}"}
        participants.append({"actor": actor, "status": "needs-action"})
    payload: dict[str, Any] = {
        "resourceType": "Appointment",
        "status": "waitlist",
        "created": now.isoformat(),
        "participant": participants,
    }
    if key:
        payload["identifier"] = [{"system": IDEMPOTENCY_SYSTEM, "value": key}]
    if service_type:
        coding = {"system": SERVICE_TYPE_SYSTEM, "code": service_type}
        payload["serviceType"] = [{"coding": [coding]}]
    if start or end:
        period = {"start": (start or now).isoformat()}
        if end:
            period["end"] = end.isoformat()
        payload["requestedPeriod"] = [period]
    return Appointment.model_validate(payload)


def entry_key(entry: Appointment) -> str | None:
    """The idempotency key an entry was written under, if any."""
    return next(
        (str(i.value) for i in entry.identifier or [] if i.system == IDEMPOTENCY_SYSTEM), None
    )
