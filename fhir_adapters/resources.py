"""FHIR R4 resource models used at every boundary, and the checks the library does not do.

``fhir.resources`` top-level is R5; real EHRs speak R4, so we use the R4B models (Slot,
Schedule and Appointment are the same as in R4). The library does not validate code values,
so status codes are checked here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fhir.resources.R4B.appointment import Appointment, AppointmentParticipant
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.communicationrequest import CommunicationRequest
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.domainresource import DomainResource
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.provenance import Provenance
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot
from fhir.resources.R4B.task import Task

from fhir_adapters.errors import InvalidRequestError

__all__ = [
    "APPOINTMENT_STATUSES",
    "COMMUNICATION_REQUEST_STATUSES",
    "COMMUNICATION_STATUSES",
    "RESOURCE_TYPES",
    "SLOT_STATUSES",
    "TASK_STATUSES",
    "Appointment",
    "AppointmentParticipant",
    "AuditEvent",
    "Bundle",
    "CodeableConcept",
    "Coding",
    "Communication",
    "CommunicationRequest",
    "ContactPoint",
    "DomainResource",
    "HealthcareService",
    "HumanName",
    "Identifier",
    "Location",
    "Organization",
    "Patient",
    "Practitioner",
    "PractitionerRole",
    "Provenance",
    "Reference",
    "Schedule",
    "Slot",
    "Task",
    "check_status",
    "parse_resource",
    "ref",
    "ref_id",
]

SLOT_STATUSES = frozenset(
    {"free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error"}
)
APPOINTMENT_STATUSES = frozenset(
    {
        "proposed",
        "pending",
        "booked",
        "arrived",
        "fulfilled",
        "cancelled",
        "noshow",
        "entered-in-error",
        "checked-in",
        "waitlist",
    }
)
TASK_STATUSES = frozenset(
    {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    }
)

COMMUNICATION_STATUSES = frozenset(
    {
        "preparation",
        "in-progress",
        "not-done",
        "on-hold",
        "stopped",
        "completed",
        "entered-in-error",
        "unknown",
    }
)

COMMUNICATION_REQUEST_STATUSES = frozenset(
    {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
)

_STATUS_CODES: dict[str, frozenset[str]] = {
    "Slot": SLOT_STATUSES,
    "Appointment": APPOINTMENT_STATUSES,
    "Task": TASK_STATUSES,
    "Communication": COMMUNICATION_STATUSES,
    "CommunicationRequest": COMMUNICATION_REQUEST_STATUSES,
}

RESOURCE_TYPES: dict[str, type[DomainResource]] = {
    cls.__name__: cls
    for cls in (
        Appointment,
        AuditEvent,
        Communication,
        CommunicationRequest,
        HealthcareService,
        Location,
        Organization,
        Patient,
        Practitioner,
        PractitionerRole,
        Provenance,
        Schedule,
        Slot,
        Task,
    )
}

R = TypeVar("R", bound=DomainResource)


def check_status(resource: DomainResource) -> None:
    """Raise InvalidRequestError when a Slot/Appointment/Task carries an unknown status code."""
    allowed = _STATUS_CODES.get(resource.get_resource_type())
    status = getattr(resource, "status", None)
    if allowed is not None and status not in allowed:
        raise InvalidRequestError(
            f"{resource.get_resource_type()} status {status!r} is not a FHIR R4 status code"
        )


def parse_resource(data: dict[str, Any] | str | bytes) -> DomainResource:
    """Build the typed R4B model named by ``resourceType`` from JSON text or a dict."""
    import json

    payload = json.loads(data) if isinstance(data, str | bytes) else data
    rtype = payload.get("resourceType")
    cls = RESOURCE_TYPES.get(str(rtype))
    if cls is None:
        raise InvalidRequestError(f"unsupported resource type {rtype!r}")
    return cls.model_validate(payload)


def ref(resource_or_type: DomainResource | str, rid: str | None = None) -> Reference:
    """Return a Reference "Type/id" to a resource, or to ``(type, id)``."""
    if isinstance(resource_or_type, str):
        if rid is None:
            raise ValueError("ref(type, id) needs an id")
        return Reference(reference=f"{resource_or_type}/{rid}")
    return Reference(reference=f"{resource_or_type.get_resource_type()}/{resource_or_type.id}")


def ref_id(reference: Reference | str | None, expected_type: str | None = None) -> str | None:
    """Return the id of a reference "Type/id" (None when absent or of another type)."""
    if reference is None:
        return None
    text = reference if isinstance(reference, str) else reference.reference
    if not text or "/" not in text:
        return None
    parts = text.rstrip("/").split("/")
    # Absolute and versioned refs ("Type/id/_history/2") keep type/id at a fixed place.
    if "_history" in parts:
        parts = parts[: parts.index("_history")]
    rtype, rid = parts[-2], parts[-1]
    if expected_type is not None and rtype != expected_type:
        return None
    return rid
