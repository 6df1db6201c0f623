"""Where the graph goes next. Each router returns one of the node names of its edge.

Nodes that branch write their choice in ``state["route"]``; routers check it against the
destinations the diagram allows, so a wrong choice fails loudly in tests, never silently.
"""

from __future__ import annotations

from typing import Literal, get_args

from graphs.state import CallState

AfterStart = Literal["greet", "ingest"]
AfterGuardrail = Literal["handoff", "understand"]
AfterUnderstand = Literal["handoff", "triage"]
AfterTriage = Literal[
    "identify",
    "slot_search",
    "confirm",
    "book",
    "cancel",
    "reschedule",
    "appointments",
    "information",
    "staff_request",
    "handoff",
    "respond",
    "waitlist",
]
AfterIdentify = Literal[
    "slot_search", "appointments", "staff_request", "handoff", "respond", "waitlist"
]
AfterAppointments = Literal["confirm", "slot_search", "handoff", "respond"]
AfterSlotSearch = Literal["handoff", "respond"]
AfterWrite = Literal["slot_search", "handoff", "respond"]
AfterRespond = Literal["staff_wait", "slot_search", "__end__"]


def _choose(state: CallState, allowed: object, default: str = "respond") -> str:
    if state.get("handoff_reason") and "handoff" in get_args(allowed):
        return "handoff"
    choice = state.get("route") or default
    if choice not in get_args(allowed):
        raise ValueError(f"route {choice!r} is not one of {get_args(allowed)}")
    return choice


async def after_start(state: CallState) -> AfterStart:
    """The greeting opens a call; every other run is a patient turn."""
    return "greet" if state.get("kind") == "start" else "ingest"


async def after_guardrail(state: CallState) -> AfterGuardrail:
    """Red flags go straight to a human, before any brain reads the turn."""
    return "handoff" if state.get("handoff_reason") else "understand"


async def after_understand(state: CallState) -> AfterUnderstand:
    """A brain that raised urgency sends the call to a human too."""
    return "handoff" if state.get("handoff_reason") else "triage"


async def after_triage(state: CallState) -> AfterTriage:
    """The node triage chose for this turn."""
    return _choose(state, AfterTriage)  # type: ignore[return-value]


async def after_identify(state: CallState) -> AfterIdentify:
    """Once identified, on with the request; otherwise ask again (respond)."""
    return _choose(state, AfterIdentify)  # type: ignore[return-value]


async def after_appointments(state: CallState) -> AfterAppointments:
    """Cancel goes to the read-back, reschedule to the slot search, check to respond."""
    return _choose(state, AfterAppointments)  # type: ignore[return-value]


async def after_slot_search(state: CallState) -> AfterSlotSearch:
    """A routing rule may send the booking to a human; otherwise speak the offer."""
    return _choose(state, AfterSlotSearch)  # type: ignore[return-value]


async def after_write(state: CallState) -> AfterWrite:
    """A slot taken meanwhile goes back to the search; a failed write to a human."""
    return _choose(state, AfterWrite)  # type: ignore[return-value]


async def after_respond(state: CallState) -> AfterRespond:
    """A handed-off call waits for staff; a booking said beside the request just served goes
    on to its search (``graphs.nodes.queued``); every other turn ends here."""
    if state.get("handoff"):
        return "staff_wait"
    return "slot_search" if state.get("route") == "slot_search" else "__end__"
