"""Build a conversation's directory summary from its saved state and this turn's events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from graphs.directory.models import ConversationStatus, ConversationSummary, Outcome, Urgency
from graphs.events import HANDOFF_EVENTS, TurnEvent

_URGENCY: dict[str, Urgency] = {"routine": "routine", "urgent": "urgent", "emergency": "stat"}
_OUTCOMES: dict[str, Outcome] = {
    "booked": "booked",
    "cancelled": "cancelled",
    "rescheduled": "rescheduled",
    "task": "task",
    "handoff": "handoff",
    "patient_registered": "patient_registered",
}


def status_of(values: Mapping[str, Any]) -> ConversationStatus:
    """Where the conversation stands: a human's hands first, then the agent's."""
    if values.get("staff"):
        return "staff"
    if values.get("handoff"):
        return "handed_off"
    if values.get("resolved"):
        return "resolved"
    if values.get("ended"):
        return "ended"
    return "active"


def outcomes_of(events: Sequence[TurnEvent]) -> list[Outcome]:
    """The outcomes a turn's events add (an emergency handoff adds ``emergency`` too)."""
    found: list[Outcome] = []
    for event in events:
        outcome = _OUTCOMES.get(event.kind)
        if outcome is not None:
            found.append(outcome)
        if event.kind in HANDOFF_EVENTS and event.data.get("urgency") == "emergency":
            found.append("emergency")
    return found


def fallbacks_of(events: Sequence[TurnEvent], before: Mapping[str, int]) -> dict[str, int]:
    """``brain_fallback`` events by reason, added to the conversation's earlier ones."""
    counted = Counter(before)
    counted.update(str(e.data.get("reason")) for e in events if e.kind == "brain_fallback")
    return dict(sorted(counted.items()))


def summarize(
    conversation_id: str,
    values: Mapping[str, Any],
    *,
    now: datetime,
    previous: ConversationSummary | None = None,
    events: Sequence[TurnEvent] = (),
) -> ConversationSummary:
    """The summary after a turn or a staff action.

    Args:
        conversation_id: the conversation.
        values: its saved state (after the turn).
        now: when this happened (the engine's clock).
        previous: the summary before, whose start, outcomes and reason carry over.
        events: this turn's events (outcomes are added once, when they happen).
    """
    handoff = values.get("handoff") or {}
    outcomes = [*(previous.outcomes if previous else []), *outcomes_of(events)]
    patient = values.get("patient") or {}
    staff = values.get("staff") or {}
    reason = handoff.get("reason") or (previous.handoff_reason if previous else None)
    summary = handoff.get("summary") or (previous.summary if previous and reason else None)
    if summary is None:
        summary = _agent_summary(values, outcomes)
    language = values.get("language")
    return ConversationSummary(
        id=conversation_id,
        channel=values.get("channel") or (previous.channel if previous else "text"),
        language=language if language in ("fr", "en") else "en",
        started_at=previous.started_at if previous else now,
        last_activity_at=now,
        status=status_of(values),
        urgency=_URGENCY.get(str(values.get("urgency") or "routine")),
        handoff_reason=reason,
        summary=summary,
        patient_id=patient.get("id"),
        caller_phone=values.get("caller_phone"),
        outcomes=outcomes,
        turn_count=int(values.get("turn_count") or 0),
        handled_by=values.get("handled_by"),
        staff_since=datetime.fromisoformat(staff["since"]) if staff.get("since") else None,
        brain_fallbacks=fallbacks_of(events, previous.brain_fallbacks if previous else {}),
    )


def _agent_summary(values: Mapping[str, Any], outcomes: list[Outcome]) -> str:
    """A structured one-liner for conversations the agent handled alone."""
    patient = values.get("patient") or {}
    parts = [
        f"intent={values.get('intent') or 'none'}",
        f"patient={'Patient/' + patient['id'] if patient.get('id') else 'not identified'}",
        f"outcomes={','.join(outcomes) or 'none'}",
    ]
    return "; ".join(parts)
