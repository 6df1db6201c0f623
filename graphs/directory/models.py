"""What the directory knows about a conversation, and the counts analytics read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

ConversationStatus = Literal["active", "handed_off", "staff", "ended", "resolved"]
"""active: the agent is talking; handed_off: waiting for staff; staff: a human took over;
ended: the agent said goodbye; resolved: staff closed the case."""
Urgency = Literal["routine", "urgent", "stat"]
"""The FHIR Task priority of the conversation (stat = emergency)."""
Outcome = Literal[
    "booked",
    "cancelled",
    "rescheduled",
    "task",
    "handoff",
    "emergency",
    "patient_registered",
]


class ConversationSummary(BaseModel):
    """One conversation as the staff queue and the conversation log show it."""

    id: str
    channel: str = Field("text", description="web, voice, sms, text (terminal), ...")
    language: Literal["fr", "en"] = "en"
    started_at: datetime
    last_activity_at: datetime
    status: ConversationStatus = "active"
    urgency: Urgency | None = None
    handoff_reason: str | None = None
    summary: str | None = Field(None, description="short AI summary for staff")
    patient_id: str | None = None
    caller_phone: str | None = None
    outcomes: list[Outcome] = Field(default_factory=list, description="what happened, in order")
    turn_count: int = 0
    handled_by: str | None = Field(None, description="staff id of the last human who took over")
    staff_since: datetime | None = Field(None, description="when a human took over, if one has")
    brain_fallbacks: dict[str, int] = Field(
        default_factory=dict, description="turns a model passed to the next brain, by reason"
    )


class DirectoryCounts(BaseModel):
    """Conversation counts over a period (analytics)."""

    total: int = 0
    automated: int = Field(0, description="conversations never handed to a human")
    by_day: dict[date, int] = Field(default_factory=dict, description="by day started (UTC)")
    by_status: dict[str, int] = Field(default_factory=dict)
    by_outcome: dict[str, int] = Field(default_factory=dict)
    by_handoff_reason: dict[str, int] = Field(default_factory=dict)
    by_channel: dict[str, int] = Field(default_factory=dict)
    by_urgency: dict[str, int] = Field(default_factory=dict)
    brain_fallbacks_by_reason: dict[str, int] = Field(default_factory=dict)
    median_handling_s: float | None = Field(
        None, description="median of last activity minus start, over the period"
    )
