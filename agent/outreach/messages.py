"""What is sent to a patient: one typed message, addressed and rendered, with its key."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from agent.clinic.outreach import Channel

MessageKind = Literal[
    "confirmation",  # a booking the patient made
    "rescheduled",  # a move the patient made
    "cancellation",  # a cancellation (by the patient or the practice)
    "reminder",  # before the visit; the patient may answer C / ANNULER
    "recall",  # a recall campaign's invitation
    "waitlist-offer",  # a freed slot offered to a waiting patient
    "waitlist-gone",  # the offered slot went to someone else
    "opt-out",  # acknowledgement of STOP
    "reply",  # an answer to the patient's own message
    "cancel-question",  # "do you want to cancel? reply YES" (after ANNULER)
    "booking-question",  # "shall I book this slot? reply YES" (after a recall choice)
    "inbound",  # a message from the patient (recorded, never sent)
]

ESSENTIAL_KINDS: frozenset[str] = frozenset(
    {
        "confirmation",
        "rescheduled",
        "cancellation",
        "opt-out",
        "reply",
        "cancel-question",
        "booking-question",
    }
)
"""Answers to the patient's own actions: sent despite an opt-out and outside quiet hours."""


class OutboundMessage(BaseModel):
    """One message to one patient on one channel; ``key`` makes sending it idempotent."""

    key: str = Field(..., min_length=8, max_length=200, description="idempotency key")
    kind: MessageKind
    channel: Channel
    to: str = Field(..., description="E.164 phone (sms, whatsapp) or e-mail address")
    language: Literal["fr", "en"] = "fr"
    subject: str | None = Field(None, description="e-mail subject")
    body: str
    patient_id: str | None = Field(None, description="None for a number no patient has")
    about: list[str] = Field(
        default_factory=list, description='references, e.g. "Appointment/x", "Slot/y"'
    )
    in_response_to: str | None = Field(None, description="the Communication id answered")
    hold_token: str | None = Field(None, description="waitlist offers: the slot's hold token")
    expires_at: datetime | None = Field(None, description="waitlist offers: hold expiry")
    record_id: str | None = Field(
        None, description="the Communication recording it (set by the sender before sending)"
    )

    @property
    def essential(self) -> bool:
        """Whether opt-outs and quiet hours leave this message alone."""
        return self.kind in ESSENTIAL_KINDS


class Receipt(BaseModel):
    """What a provider answered when it accepted a message."""

    provider: str
    provider_id: str | None = Field(None, description="e.g. the Twilio message SID")
    status: str = "sent"
