"""A patient's reachable addresses, language, preferred channel and opt-out, read from the
Patient record (the EHR is the system of record for all of them).

An opt-out (STOP / ARRÊT) is an extension on the Patient carrying when it was given; START
removes it. The preferred channel is an extension too; without one the practice's default
channel is used when the patient has an address for it, else whichever address exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from agent.clinic.outreach import Channel
from fhir_adapters.matching import normalize_phone
from fhir_adapters.outreach_records import OPT_OUT_URL
from fhir_adapters.resources import Patient

PREFERRED_CHANNEL_URL = "https://frontdesk.dev/fhir/StructureDefinition/preferred-channel"


class Contact(BaseModel):
    """Where and how to reach one patient."""

    patient_id: str
    phone: str | None = None
    email: str | None = None
    language: Literal["fr", "en"] = "fr"
    channel: Channel | None = None
    opted_out: bool = False

    def address(self, channel: Channel) -> str | None:
        """The address for ``channel`` (None when the patient has none)."""
        return self.email if channel == "email" else self.phone


def _extension(patient: Patient, url: str) -> object | None:
    for ext in patient.extension or []:
        if ext.url == url:
            return ext.valueDateTime or ext.valueCode or ext.valueBoolean or ext.valueString
    return None


def contact_of(
    patient: Patient, *, default_channel: Channel, default_language: str, region: str = "FR"
) -> Contact:
    """The patient's contact details, channel chosen (None when there is no address)."""
    phone = email = None
    for point in sorted(patient.telecom or [], key=lambda p: p.rank or 99):
        if point.system in ("sms", "phone") and point.value and phone is None:
            phone = normalize_phone(point.value, region)
        elif point.system == "email" and point.value and email is None:
            email = point.value
    language = default_language
    for item in patient.communication or []:
        codes = [c.code for c in item.language.coding or [] if c.code]
        if codes and (item.preferred or language == default_language):
            language = codes[0].split("-")[0].lower()
    contact = Contact(
        patient_id=str(patient.id),
        phone=phone,
        email=email,
        language="en" if language == "en" else "fr",
        opted_out=_extension(patient, OPT_OUT_URL) is not None,
    )
    preferred = _extension(patient, PREFERRED_CHANNEL_URL)
    for channel in (preferred, default_channel, "sms", "email"):
        if channel in ("sms", "whatsapp", "email") and contact.address(channel):  # type: ignore[arg-type]
            contact.channel = channel  # type: ignore[assignment]
            break
    return contact


def with_opt_out(patient: Patient, at: datetime | None) -> Patient:
    """A copy of ``patient`` opted out since ``at`` (opted back in when ``at`` is None)."""
    payload = patient.model_dump(mode="json", exclude_none=True)
    others = [e for e in payload.get("extension") or [] if e.get("url") != OPT_OUT_URL]
    if at is not None:
        others.append({"url": OPT_OUT_URL, "valueDateTime": at.isoformat()})
    payload["extension"] = others
    if not others:
        payload.pop("extension")
    return Patient.model_validate(payload)
