"""What one turn of the engine returns to a channel: the reply and what happened."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

EventKind = Literal[
    "handoff",  # the call goes to a human; data: reason, urgency, summary, patient_id, task_id
    "escalated",  # a call waiting for staff became more urgent; data: as handoff, updated
    "booked",  # data: appointment_id, slot_id, start, practitioner, location, address
    "cancelled",  # data: appointment_id
    "rescheduled",  # data: appointment_id (new), previous_appointment_id, start, practitioner,
    # location, address
    "task",  # a staff request was queued; data: task_id, code
    "patient_registered",  # data: patient_id
    "waitlist_joined",  # data: entry_id, patient_id, practitioner_id, start, end
    "end_of_call",
    "brain_fallback",  # a brain could not read the turn; data: from, to, reason
    "brain_dropped",  # values the caller's words do not support; data: brain, fields
]


HANDOFF_EVENTS = frozenset({"handoff", "escalated"})
"""Events that carry the handoff record (reason, urgency, summary, task id)."""

URGENCY_QUESTION = "urgency_question"
"""``TurnResult.expecting`` of a handoff that asked its one urgency question: the call waits for
the answer (``graphs.escalation``) before it is transferred."""

MAX_ALTERNATIVES = 8
"""Other hearings of a turn kept with it (a few per speech segment)."""


class Heard(BaseModel):
    """How speech recognition heard a caller's turn (calls only; typed turns have none)."""

    alternatives: list[str] = Field(
        default_factory=list,
        max_length=MAX_ALTERNATIVES,
        description="other hearings the recogniser kept, likeliest first: the urgency "
        "guardrail reads them too ('la fière' heard, 'la fièvre' said)",
    )
    unclear: bool = Field(
        False,
        description="the recogniser scored its own best hearing as noise: no word is then "
        "read by sound into it ('Nof As-Dis' is no 'nez cassé')",
    )


class TurnEvent(BaseModel):
    """Something the engine did during a turn that a channel or a QA check cares about."""

    kind: EventKind
    data: dict[str, Any] = Field(default_factory=dict)


class OfferedSlot(BaseModel):
    """An option the agent offered this turn (a web UI can show it as a button)."""

    index: int = Field(..., description="0-based; 'the first one' is 0")
    slot_id: str
    start: str = Field(..., description="ISO-8601, practice-local with offset")
    practitioner_id: str | None = None
    practitioner: str | None = Field(None, description="display name")


class BrainTurn(BaseModel):
    """Which brain read a patient turn, and what it cost (for reports and metrics)."""

    brain: str = Field(..., description="the brain whose reading was used, e.g. 'openai'")
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = Field(0, description="prompt tokens the server served from its cache")
    llm_ms: float = 0.0


class TurnResult(BaseModel):
    """The engine's answer to one patient turn."""

    conversation_id: str
    reply: str = Field(..., description="short sentences, fit to be spoken aloud")
    events: list[TurnEvent] = Field(default_factory=list)
    ended: bool = False
    handed_off: bool = False
    language: Literal["fr", "en"] = "en"
    expecting: str | None = Field(
        None,
        description="what the agent waits for next (a Phase of agent.understanding), "
        "e.g. 'identity' or 'confirm': lets voice pick speech hints and simulators answer; "
        "once handed off, only URGENCY_QUESTION",
    )
    options: list[OfferedSlot] = Field(default_factory=list, description="slots offered now")
    channel: str | None = Field(None, description="how the caller reaches us (text, web, voice...)")
    elapsed_ms: float | None = Field(None, description="engine time of this turn (metrics)")
    seq: int | None = Field(
        None,
        description="position of ``reply`` in the conversation's transcript (live screens "
        "dedupe with it); None when the turn added no reply",
    )
    brain: BrainTurn | None = Field(None, description="which brain read the turn, its cost")
    not_taken: Literal["lock", "read", "run"] | None = Field(
        None,
        description="set when nothing of the turn was saved (e.g. the checkpoint database "
        "restarts or the disk is full): where it stopped; the reply asks to say it again",
    )

    def handoff_record(self) -> dict[str, Any] | None:
        """The handoff record this turn produced, as it now stands (an escalation carries the
        record at its new level), or None."""
        records = [e.data for e in self.events if e.kind in HANDOFF_EVENTS]
        return records[-1] if records else None
