"""The state of one call, checkpointed after every turn.

Values are plain JSON (str, int, bool, lists and dicts) so any checkpointer stores them
without custom serialisers; the pydantic models below give nodes typed views of the nested
parts (``Offer.model_validate(state["offered"][0])``). Fields marked *per turn* are reset by
``ingest`` at the start of every patient turn.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import BaseModel, Field

from agent.understanding import Language, Phase

WriteKind = Literal["book", "cancel", "reschedule", "register", "waitlist"]


class PatientRef(BaseModel):
    """The identified caller: the only patient whose records tools may touch."""

    id: str
    given: str = ""
    family: str = ""
    birth_date: str | None = Field(None, description="ISO date")
    registered_now: bool = Field(False, description="registered during this call")


class IdentityClaims(BaseModel):
    """What the caller said about who they are, accumulated over turns."""

    given: str | None = None
    family: str | None = None
    birth_date: str | None = Field(None, description="ISO date")
    phone: str | None = None
    new_patient: bool = False
    attempts: int = Field(0, description="failed look-ups so far")
    refusals: int = Field(0, description="times the caller declined to say who they are")


class Constraints(BaseModel):
    """What the caller wants from a slot, accumulated over turns (practice-local)."""

    practitioner_ids: list[str] = Field(default_factory=list)
    practitioner: str | None = Field(None, description="display name of the requested one")
    practitioner_query: str | None = Field(None, description="a name said, not yet looked up")
    same_as_last: bool = Field(False, description="'the same doctor as last time', to look up")
    any_practitioner: bool = False
    specialty: str | None = None
    service: str | None = None
    earliest_date: str | None = Field(None, description="ISO date, inclusive")
    latest_date: str | None = Field(None, description="ISO date, inclusive")
    part_of_day: Literal["morning", "afternoon", "evening"] | None = None
    not_before: str | None = Field(None, description="HH:MM local")
    not_after: str | None = Field(None, description="HH:MM local")
    weekdays: list[int] = Field(default_factory=list)
    asap: bool = False
    after: str | None = Field(None, description="ISO datetime: continue after the last offered")
    before: str | None = Field(None, description="ISO datetime: only earlier than this")
    declined: list[str] = Field(default_factory=list, description="slot ids the caller refused")
    asked: bool = Field(False, description="the agent already asked for preferences")
    widened: int = Field(0, description="how many times the search was widened")
    widen_asked: bool = Field(False, description="asked 'shall I look more widely?'")
    reason: str | None = Field(None, description="visit reason, patient's words")
    appointment_on: str | None = Field(None, description="ISO day of the visit to change")
    move: Literal["later_same_day", "earlier", "later", "other_day", "within"] | None = Field(
        None, description="move the visit relative to itself ('later in the day')"
    )
    move_days: int | None = Field(None, description="'push it back a week' = 7")
    nearby_asked: bool = Field(False, description="asked whether to move a visit nearby")
    namesakes: list[str] = Field(
        default_factory=list, description="practitioner ids sharing the name said: asked which"
    )

    def has_time(self) -> bool:
        """Some preference about when."""
        return bool(
            self.earliest_date
            or self.latest_date
            or self.part_of_day
            or self.not_before
            or self.not_after
            or self.weekdays
            or self.asap
        )

    def is_empty(self) -> bool:
        """No preference at all yet (nothing about who, what or when)."""
        return not (
            self.practitioner_ids
            or self.practitioner_query
            or self.same_as_last
            or self.any_practitioner
            or self.specialty
            or self.service
            or self.earliest_date
            or self.latest_date
            or self.part_of_day
            or self.not_before
            or self.not_after
            or self.weekdays
            or self.asap
        )


class Offer(BaseModel):
    """A slot offered to the caller."""

    index: int
    slot_id: str
    start: str = Field(..., description="ISO-8601, practice-local with offset")
    practitioner_id: str | None = None
    practitioner: str | None = None
    location: str | None = None
    address: str | None = None
    service_type: str | None = None
    specialty: dict[str, str] | None = Field(
        None, description="the kind of care, named per language: read back with the slot"
    )


class AppointmentRef(BaseModel):
    """One of the identified patient's appointments, as listed to them."""

    index: int
    appointment_id: str
    start: str
    practitioner_id: str | None = None
    practitioner: str | None = None
    location: str | None = None
    address: str | None = None


class PendingWrite(BaseModel):
    """A write read back to the caller and waiting for their explicit yes."""

    kind: WriteKind
    key: str = Field(..., description="idempotency key fixed when the write was read back")
    slot: Offer | None = None
    appointment: AppointmentRef | None = None
    wish: dict[str, Any] | None = Field(
        None, description="waitlist: practitioner, visit type and window (graphs/nodes/waitlist)"
    )


class CallState(TypedDict, total=False):
    """Everything the graph knows about one call."""

    # ---- the call --------------------------------------------------------------------
    conversation_id: str
    """The thread id; also the prefix of idempotency keys."""
    channel: str
    """"text", "voice", "web": how the caller reaches us."""
    caller_phone: str | None
    """Number the call comes from (helps tell homonyms apart), if known."""
    keypad: bool
    """The caller has a phone keypad (a phone call, not web voice): digits can be typed."""
    language: Language
    """The language the agent speaks now."""
    transcript: list[list[str]]
    """[role, text] pairs, role "patient", "agent" or "staff" (a human who took over)."""
    turn_count: int
    """Patient turns so far."""

    # ---- input of this invocation ------------------------------------------------------
    kind: Literal["start", "turn"]
    """What the engine asked for: the greeting or a patient turn."""
    text: str
    """The patient's words this turn (trimmed, bounded)."""
    heard: dict[str, Any] | None
    """On a call, how speech recognition heard the turn (``graphs.events.Heard``, as JSON)."""

    # ---- understanding -----------------------------------------------------------------
    understanding: dict[str, Any]
    brain_turn: dict[str, Any]
    """Which brain read this turn and what it cost (LLM calls, tokens, time)."""
    """*Per turn*: ``Understanding`` of this turn, as JSON."""
    phase: Phase
    """What the agent is waiting for (the last question it asked)."""
    intent: str | None
    """The task under way (an ``Intent`` value)."""
    failures: int
    """Consecutive turns the agent could not use."""

    # ---- safety ------------------------------------------------------------------------
    urgency: str
    """Highest ``UrgencyLevel`` seen in this call; never lowered."""
    red_flags: list[str]
    """Red flags found by the urgency rules (or the brain)."""
    urgency_note: str | None
    """Short description of why urgency was raised."""
    handoff_reason: str | None
    """*Per turn*: set when this turn must go to a human."""
    route: str | None
    """*Per turn*: the node the last node chose to go to next (read by the routers)."""
    handoff: dict[str, Any] | None
    """The handoff record while staff have the call (None otherwise)."""
    handoffs: int
    """Handoffs so far in this call."""
    urgency_question: dict[str, Any] | None
    """``FollowUp`` asked with an urgent handoff ("is the pain very strong?"), until answered."""

    # ---- who ---------------------------------------------------------------------------
    identity: dict[str, Any]
    """``IdentityClaims`` as JSON."""
    patient: dict[str, Any] | None
    """``PatientRef`` of the identified caller, or None."""
    seen_ids: list[str]
    """References ("Slot/x", "Appointment/y") read tools returned in this call."""

    # ---- what --------------------------------------------------------------------------
    constraints: dict[str, Any]
    """``Constraints`` of the slot search under way."""
    offered: list[dict[str, Any]]
    """``Offer`` list last read to the caller."""
    appointments: list[dict[str, Any]]
    """``AppointmentRef`` list last read to the caller."""
    target: dict[str, Any] | None
    """``AppointmentRef`` being cancelled or moved."""
    pending: dict[str, Any] | None
    """``PendingWrite`` waiting for a yes."""
    writes: int
    """Writes read back so far: numbers idempotency keys."""
    request: dict[str, Any] | None
    """A staff request being gathered: {"code": ..., "details": ...}."""
    queued: list[dict[str, Any]]
    """Requests said beside the first one ("my repeat and an appointment next week"), served
    in order when the task under way completes: {"intent"|"topic": ..., "understanding": ...}."""
    site_question: str | None
    """Topic ("hours", "address") asked about with "which site?" in reply, until answered."""

    # ---- output of this invocation -----------------------------------------------------
    say: list[list[Any]]
    """*Per turn*: [message key, params] pairs, rendered by ``respond``."""
    events: list[dict[str, Any]]
    """*Per turn*: ``TurnEvent`` dicts."""
    options: list[dict[str, Any]]
    """*Per turn*: ``Offer`` list offered this turn."""
    reply: str
    """*Per turn*: the rendered reply."""
    staff_notes: list[str]
    """Notes staff left when handing calls back."""
    ended: bool
    """The call is over (the agent said goodbye)."""

    # ---- staff and live screens ------------------------------------------------------
    transcript_at: list[str | None]
    """ISO times of the transcript's lines, same positions (None for lines saved before)."""
    staff: dict[str, Any] | None
    """``{"staff_id", "since"}`` while a member of staff has taken over (the agent is silent)."""
    handled_by: str | None
    """The last member of staff who took the conversation over."""
    resolved: dict[str, Any] | None
    """``{"note", "at", "staff_id"}`` once staff resolved the case."""
