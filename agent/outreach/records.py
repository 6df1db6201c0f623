"""Messages as FHIR Communications (what the EHR keeps), and back.

The Communication is the record of a message and its delivery state: ``in-progress`` while a
provider is being asked, ``completed`` once accepted, ``not-done`` when it failed for good
(the dead letter staff can see), ``unknown`` when a worker died mid-send and the provider
cannot tell whether it went out. Inbound replies are Communications from the patient.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fhir.resources.R4B.extension import Extension
from pydantic import BaseModel

from agent.outreach.messages import OutboundMessage
from fhir_adapters.outreach_records import (
    MESSAGE_KEY_SYSTEM,
    OUTREACH_CATEGORY_SYSTEM,
    category_of,
    message_key_of,
)
from fhir_adapters.resources import CodeableConcept, Communication, ref_id

HOLD_TOKEN_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-token"
HOLD_EXPIRES_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-expires"
ADDRESS_URL = "https://frontdesk.dev/fhir/StructureDefinition/message-address"
PROVIDER_ID_URL = "https://frontdesk.dev/fhir/StructureDefinition/provider-message-id"
MEANING_URL = "https://frontdesk.dev/fhir/StructureDefinition/reply-meaning"
DELIVERY_URL = "https://frontdesk.dev/fhir/StructureDefinition/delivery-status"
MEDIUM_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
_MEDIUM = {"sms": "SMSWRIT", "whatsapp": "SMSWRIT", "email": "EMAILWRIT"}


class MessageRecord(BaseModel):
    """A Communication read back: enough to decide what a reply answers."""

    id: str
    key: str | None
    kind: str | None
    status: str
    patient_id: str | None
    about: list[str]
    sent: datetime | None
    version: str | None
    meaning: str | None = None
    hold_token: str | None = None
    expires_at: datetime | None = None
    in_response_to: str | None = None
    delivery: str | None = None

    def about_id(self, rtype: str) -> str | None:
        """The id of the first ``about`` reference of type ``rtype``."""
        return next((i for r in self.about if (i := ref_id(r, rtype))), None)


def _ext(url: str, key: str, value: Any) -> dict[str, Any]:
    return {"url": url, key: value}


def to_communication(
    message: OutboundMessage, *, status: str, sent: datetime | None = None
) -> Communication:
    """The Communication recording ``message`` (body included: it holds nothing clinical)."""
    extensions = [_ext(ADDRESS_URL, "valueString", message.to)]
    if message.hold_token:
        extensions.append(_ext(HOLD_TOKEN_URL, "valueString", message.hold_token))
    if message.expires_at:
        extensions.append(_ext(HOLD_EXPIRES_URL, "valueDateTime", message.expires_at.isoformat()))
    payload: dict[str, Any] = {
        "resourceType": "Communication",
        "identifier": [{"system": MESSAGE_KEY_SYSTEM, "value": message.key}],
        "status": status,
        "category": [{"coding": [{"system": OUTREACH_CATEGORY_SYSTEM, "code": message.kind}]}],
        "medium": [{"coding": [{"system": MEDIUM_SYSTEM, "code": _MEDIUM[message.channel]}]}],
        "about": [{"reference": r} for r in message.about],
        "payload": [{"contentString": message.body}],
        "extension": extensions,
    }
    if message.patient_id:
        payload["subject"] = {"reference": f"Patient/{message.patient_id}"}
        payload["recipient"] = [{"reference": f"Patient/{message.patient_id}"}]
    if not message.about:
        payload.pop("about")
    if message.in_response_to:
        payload["inResponseTo"] = [{"reference": f"Communication/{message.in_response_to}"}]
    if sent is not None:
        payload["sent"] = sent.isoformat()
    return Communication.model_validate(payload)


def inbound_communication(
    *,
    key: str,
    patient_id: str | None,
    meaning: str,
    about: list[str],
    answers: str | None,
    at: datetime,
) -> Communication:
    """A patient's reply, recorded by what it meant ("confirm", "cancel", "yes"...), not its
    words: the words may hold clinical detail the message log has no need of."""
    payload: dict[str, Any] = {
        "resourceType": "Communication",
        "identifier": [{"system": MESSAGE_KEY_SYSTEM, "value": key}],
        "status": "completed",
        "category": [{"coding": [{"system": OUTREACH_CATEGORY_SYSTEM, "code": "inbound"}]}],
        "received": at.isoformat(),
        "extension": [_ext(MEANING_URL, "valueCode", meaning)],
    }
    if patient_id:
        payload["subject"] = {"reference": f"Patient/{patient_id}"}
        payload["sender"] = {"reference": f"Patient/{patient_id}"}
    if about:
        payload["about"] = [{"reference": r} for r in about]
    if answers:
        payload["inResponseTo"] = [{"reference": f"Communication/{answers}"}]
    return Communication.model_validate(payload)


def _extension(resource: Communication, url: str) -> Any:
    for ext in resource.extension or []:
        if ext.url == url:
            return ext.valueString or ext.valueDateTime or ext.valueCode
    return None


def delivery_of(resource: Communication) -> str | None:
    """The delivery state a carrier reported for this message (sent, delivered, read,
    failed), or None when none reported yet."""
    found = _extension(resource, DELIVERY_URL)
    return str(found) if found else None


def read_record(resource: Communication) -> MessageRecord:
    """The message view of a stored Communication."""
    payload = resource.model_dump(mode="json", exclude_none=True)
    answers = [r.reference for r in resource.inResponseTo or [] if r.reference]
    expires = _extension(resource, HOLD_EXPIRES_URL)
    return MessageRecord(
        id=str(resource.id),
        key=message_key_of(payload),
        kind=category_of(payload),
        status=str(resource.status),
        patient_id=ref_id(resource.subject, "Patient"),
        about=[str(r.reference) for r in resource.about or [] if r.reference],
        sent=resource.sent or resource.received,
        version=resource.meta.versionId if resource.meta else None,
        meaning=_extension(resource, MEANING_URL),
        hold_token=_extension(resource, HOLD_TOKEN_URL),
        expires_at=datetime.fromisoformat(str(expires)) if isinstance(expires, str) else expires,
        in_response_to=ref_id(answers[0], "Communication") if answers else None,
        delivery=delivery_of(resource),
    )


def with_status(
    resource: Communication,
    status: str,
    *,
    sent: datetime | None = None,
    provider_id: str | None = None,
    reason: str | None = None,
) -> Communication:
    """A copy of ``resource`` in ``status`` (keeps its version, for If-Match).

    Built with ``model_copy`` from typed parts: a FHIR model's dump and re-validation cost
    more than the rest of sending a message.
    """
    update: dict[str, Any] = {"status": status}
    if sent is not None:
        update["sent"] = sent
    if provider_id and _extension(resource, PROVIDER_ID_URL) is None:
        extension = Extension(url=PROVIDER_ID_URL, valueString=provider_id)
        update["extension"] = [*(resource.extension or []), extension]
    if reason:
        update["statusReason"] = CodeableConcept(text=reason)
    return resource.model_copy(update=update)
