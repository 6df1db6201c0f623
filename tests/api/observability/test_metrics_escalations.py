"""An emergency found while the caller waited for staff counts as an emergency on ``/metrics``,
never as a second handoff."""

from __future__ import annotations

from prometheus_client import generate_latest

from api.observability.metrics import Metrics
from graphs.events import TurnEvent, TurnResult


async def test_an_escalation_to_an_emergency_counts_once_and_adds_no_handoff() -> None:
    metrics = Metrics()
    record = {"reason": "urgent", "urgency": "urgent"}
    handoff = TurnEvent(kind="handoff", data=record)
    escalated = TurnEvent(kind="escalated", data={"reason": "emergency", "urgency": "emergency"})
    for event in (handoff, escalated):
        await metrics.on_turn(TurnResult(conversation_id="c", reply="", events=[event]))

    text = generate_latest(metrics.registry).decode()

    assert "frontdesk_emergencies_total 1.0" in text
    assert 'frontdesk_handoffs_total{reason="urgent",urgency="urgent"} 1.0' in text
    assert 'urgency="emergency"} 1.0' not in text  # no second handoff
    assert 'frontdesk_events_total{kind="escalated"} 1.0' in text
