"""Request and response bodies of ``/v1/conversations`` (they are the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graphs.directory import ConversationStatus
from graphs.events import TurnEvent
from graphs.nodes.intake import MAX_TURN_CHARS
from graphs.transcript import Role

Language = Literal["fr", "en"]


class CreateConversation(BaseModel):
    """Open a conversation; the reply holds the greeting and the conversation's token."""

    model_config = ConfigDict(extra="forbid")

    channel: Literal["web"] = "web"
    language: Language | None = Field(
        None, description="the patient's language; the practice's default when null"
    )


class PostMessage(BaseModel):
    """One patient message."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, max_length=MAX_TURN_CHARS)


class Choice(BaseModel):
    """A button the patient may press instead of typing; pressing it sends ``value``."""

    kind: Literal["slot", "yes", "no"]
    label: str = Field(..., description="what the button shows, in the conversation's language")
    value: str = Field(..., description="the message text to send when pressed")
    slot_id: str | None = None
    start: datetime | None = None
    practitioner: str | None = None


class BookingCard(BaseModel):
    """What a booking or a move confirmed, to show as a card."""

    kind: Literal["booked", "rescheduled", "cancelled"]
    appointment_id: str
    start: datetime | None = None
    when: str | None = Field(None, description="the date and time as words, in the language")
    practitioner: str | None = None
    location: str | None = None
    address: str | None = None


class EmergencyNumber(BaseModel):
    """A number to call now."""

    name: str
    number: str


class Message(BaseModel):
    """One line of the conversation as a chat shows it."""

    seq: int | None = Field(None, description="position in the transcript (dedupes live updates)")
    role: Role
    text: str
    at: datetime | None = None
    choices: list[Choice] = Field(default_factory=list)
    cards: list[BookingCard] = Field(default_factory=list)


class ConversationState(BaseModel):
    """Where the conversation stands."""

    status: ConversationStatus
    language: Language
    expecting: str | None = Field(None, description="what the agent waits for next")
    handed_off: bool = False
    ended: bool = False
    emergency_numbers: list[EmergencyNumber] = Field(
        default_factory=list,
        description="set once the conversation was judged an emergency: show them large",
    )


class ConversationCreated(BaseModel):
    """A new conversation: keep ``token`` and send it as ``Authorization: Bearer <token>``."""

    id: str
    token: str
    messages: list[Message]
    state: ConversationState


class TurnReply(BaseModel):
    """The answer to one patient message."""

    messages: list[Message]
    events: list[TurnEvent]
    state: ConversationState


class ConversationView(BaseModel):
    """The whole conversation, for the holder of its token (e.g. after a reload)."""

    id: str
    messages: list[Message]
    state: ConversationState
