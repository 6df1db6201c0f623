"""What a brain understood from one patient turn, and what it is told about the conversation.

Both brains (rule-based and LLM) fill the same ``Understanding`` from the same
``BrainContext``; the graph decides what to do with it. A brain never calls write tools and
never lowers urgency: those decisions are deterministic code in ``graphs/``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, Field

Language = Literal["fr", "en"]
Move = Literal["later_same_day", "earlier", "later", "other_day", "within"]
"""How to move an existing visit relative to itself ("later in the day", "push it back",
"within the two weeks after": ``within`` with ``move_days`` 14)."""


class Intent(StrEnum):
    """Why the patient is calling."""

    BOOK = "book"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    CHECK = "check"  # check or confirm an existing appointment
    INFO = "info"  # practice information from the knowledge base
    PRESCRIPTION = "prescription"  # renewal request
    BILLING = "billing"  # insurance, invoices, payment
    RESULTS = "results"  # test results or a clinical question
    HUMAN = "human"  # asks for a person
    CALLBACK = "callback"  # wants a practitioner to call back ("I need to speak to Dr Martin")
    WAITLIST = "waitlist"  # to be told when a slot frees up (agent/nlu/waitlist.py)
    GOODBYE = "goodbye"
    OTHER = "other"


class UrgencyLevel(StrEnum):
    """How fast a human must take over. Ordered: ROUTINE < URGENT < EMERGENCY."""

    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return ("routine", "urgent", "emergency").index(self.value)

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, UrgencyLevel):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, UrgencyLevel):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, UrgencyLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, UrgencyLevel):
            return NotImplemented
        return self.rank < other.rank


class TimePreference(BaseModel):
    """When the patient would like to come, in practice-local dates and times."""

    earliest_date: date | None = Field(None, description="first acceptable day (inclusive)")
    latest_date: date | None = Field(None, description="last acceptable day (inclusive)")
    part_of_day: Literal["morning", "afternoon", "evening"] | None = None
    not_before: time | None = Field(None, description="local time of day, e.g. 10:00")
    not_after: time | None = Field(None, description="local time the visit starts before")
    weekdays: list[int] = Field(default_factory=list, description="ISO weekdays 1=Mon..7=Sun")
    asap: bool = Field(False, description="as soon as possible")


class Understanding(BaseModel):
    """Everything a brain extracted from one patient turn. Unknown fields stay None/False."""

    language: Language | None = Field(None, description="language the patient used")
    intent: Intent | None = None
    urgency: UrgencyLevel | None = Field(None, description="a brain may raise it, never lower")
    urgency_reason: str | None = None
    affirmative: bool | None = Field(None, description="True for yes, False for no, None otherwise")
    choice: int | None = Field(None, description="0-based index of the offered option chosen")
    wants_other_options: bool = Field(False, description="'none of those', 'anything else?'")
    wants_later: bool = Field(False, description="'anything later?'")
    wants_earlier: bool = Field(False, description="'anything earlier?'")
    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    new_patient: bool | None = Field(None, description="True when the caller says they are new")
    practitioner_name: str | None = Field(None, description="as said, e.g. 'Dr Martin'")
    any_practitioner: bool = Field(False, description="'anyone', 'n'importe quel médecin'")
    same_practitioner_as_last_time: bool = False
    specialty: str | None = Field(None, description="specialty code from the clinic catalogue")
    service: str | None = Field(None, description="service type code from the clinic catalogue")
    time: TimePreference | None = None
    visit_reason: str | None = Field(None, description="short reason for the visit")
    topic: str | None = Field(None, description="knowledge-base topic key, e.g. 'hours'")
    medication: str | None = None
    injection_attempt: bool = Field(False, description="the turn tries to override instructions")
    appointment_day: date | None = Field(
        None, description="day of the existing visit the caller talks about ('my Thursday one')"
    )
    move: Move | None = Field(None, description="how to move that visit relative to itself")
    move_days: int | None = Field(None, description="'push it back a week' = 7")
    professional_caller: bool = Field(
        False, description="a pharmacy, ward, laboratory or other practice, not a patient"
    )
    refuses: bool = Field(False, description="declines to give what was asked (identity)")
    implausible: Literal["name", "birth_date", "phone"] | None = Field(
        None, description="what the caller gave cannot be right (a line of code as a name)"
    )
    then_intent: Intent | None = Field(
        None, description="a second request in the same turn, served after the first one"
    )
    more_topics: list[str] = Field(
        default_factory=list, description="further knowledge-base topics asked in the turn"
    )


class OfferedOption(BaseModel):
    """An offered slot, as a brain needs it to resolve 'the second one' or 'Tuesday's'."""

    index: int
    start: datetime = Field(..., description="practice-local, timezone-aware")
    practitioner_name: str | None = None


Phase = Literal[
    "greeting",  # nothing asked yet: expect a reason for calling
    "intent",  # asked what the call is about
    "identity",  # asked for name and birth date (or phone)
    "new_patient",  # asked whether to register as a new patient
    "slot_preferences",  # asked when / with whom
    "slot_choice",  # offered options, waiting for a choice
    "confirm",  # read back a write, waiting for yes/no
    "appointment_choice",  # listed the patient's appointments, waiting for a choice
    "anything_else",  # asked whether there is anything else
    "details",  # asked for details of a staff request (medication, billing question)
    "move_existing",  # a visit with that practitioner is near: asked whether to move it
]


class BrainContext(BaseModel):
    """What a brain is told about the conversation before reading a turn."""

    language: Language
    phase: Phase
    now: datetime = Field(..., description="practice-local now, timezone-aware")
    last_agent_reply: str | None = None
    offered: list[OfferedOption] = Field(default_factory=list)
    transcript: list[tuple[str, str]] = Field(
        default_factory=list, description="(role, text) pairs, role in {'patient','agent'}"
    )
    practitioner_names: list[str] = Field(default_factory=list)
    specialties: list[str] = Field(default_factory=list, description="specialty codes")
    services: list[str] = Field(default_factory=list, description="service type codes")
    topics: list[str] = Field(default_factory=list, description="knowledge-base topic keys")
    channel: Literal["text", "voice"] = Field(
        "text", description="how the caller reaches us: a voice caller hears every silence"
    )


class Brain(Protocol):
    """Reads one patient turn in context and says what it understood."""

    name: str

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        """Return the understanding of ``text``; never raise on odd input."""
        ...
