"""The nodes of the call graph, one module per node or small group of nodes."""

from graphs.nodes.appointments import appointments
from graphs.nodes.confirm import confirm
from graphs.nodes.guardrail import urgency_guardrail
from graphs.nodes.handoff import handoff, staff_wait
from graphs.nodes.identify import identify
from graphs.nodes.information import information
from graphs.nodes.intake import greet, ingest
from graphs.nodes.queued import respond
from graphs.nodes.slots import slot_search
from graphs.nodes.staff import staff_request
from graphs.nodes.triage import triage
from graphs.nodes.understand import understand
from graphs.nodes.waitlist import waitlist
from graphs.nodes.writes import book, cancel, reschedule

__all__ = [
    "appointments",
    "book",
    "cancel",
    "confirm",
    "greet",
    "handoff",
    "identify",
    "information",
    "ingest",
    "reschedule",
    "respond",
    "slot_search",
    "staff_request",
    "staff_wait",
    "triage",
    "understand",
    "urgency_guardrail",
    "waitlist",
]
