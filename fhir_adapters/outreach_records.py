"""What both backends need to store and find outreach records (FHIR Communication).

A message sent to a patient is a ``Communication`` carrying a message key (identifier with
system ``MESSAGE_KEY_SYSTEM``): storing one is idempotent per key, so a retried job never
records, or sends, the same message twice. ``about`` names the Appointment (or the Slot of a
waitlist offer) the message is about; ``category`` says which kind of message it is.
"""

from __future__ import annotations

from typing import Any

from fhir_adapters.resources import ref_id

MESSAGE_KEY_SYSTEM = "https://frontdesk.dev/message-key"
OUTREACH_CATEGORY_SYSTEM = "https://frontdesk.dev/outreach"
OPT_OUT_URL = "https://frontdesk.dev/fhir/StructureDefinition/outreach-opt-out"

Json = dict[str, Any]


def message_key_of(payload: Json) -> str | None:
    """The message key of a Communication's JSON, or None."""
    return next(
        (
            str(i["value"])
            for i in payload.get("identifier") or []
            if i.get("system") == MESSAGE_KEY_SYSTEM and i.get("value")
        ),
        None,
    )


def patient_of(payload: Json) -> str | None:
    """The Patient id a Communication is with (its subject, else a recipient or the sender)."""
    refs = [payload.get("subject") or {}, *(payload.get("recipient") or [])]
    refs.append(payload.get("sender") or {})
    for item in refs:
        found = ref_id(str(item.get("reference") or ""), "Patient")
        if found:
            return found
    return None


def about_of(payload: Json) -> str | None:
    """The first ``about`` reference ("Appointment/x", "Slot/y"), or None."""
    about = payload.get("about") or []
    return str(about[0].get("reference") or "") or None if about else None


def category_of(payload: Json) -> str | None:
    """The outreach category code (e.g. "reminder", "waitlist-offer"), or None."""
    for concept in payload.get("category") or []:
        for coding in concept.get("coding") or []:
            if coding.get("system") == OUTREACH_CATEGORY_SYSTEM and coding.get("code"):
                return str(coding["code"])
    return None
