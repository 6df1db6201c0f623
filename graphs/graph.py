"""The call graph: every patient turn runs once through it, on the conversation's thread.

    START -> greet -> respond                                   (Engine.start)
    START -> ingest -> urgency_guardrail -> understand -> triage -> ... -> respond (Engine.turn)

The urgency guardrail reads every turn before the brain; emergency or urgent turns go to
``handoff``. Triage sends the turn to identify, slot_search, confirm, book / cancel /
reschedule, appointments, information or staff_request. A booking said beside the request
just served goes from respond on to slot_search (``graphs.nodes.queued``). After a handoff,
``staff_wait`` interrupts the run until staff hand the call back. The graph is assembled at
the bottom.

Deterministic rules around the brain (which only reads turns):
- urgency: the red-flag rules run first; a brain may raise urgency, never lower it;
- scope: nothing about appointments before ``identify``; tools touch only that patient;
- writes: ``book`` / ``cancel`` / ``reschedule`` run only after an explicit yes to the
  read-back of ``confirm``, with ids a read returned in this call and an idempotency key
  fixed at read-back;
- the practice's routing rules (``slot_search``): visit types the agent may book, first
  visits in listed specialties go to staff, new patients only see accepting practitioners,
  registration only when allowed (``identify``).

``python -c "from graphs.graph import compile_graph; print(compile_graph().get_graph()
.draw_mermaid())"`` draws it.
"""

from __future__ import annotations

import weakref

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graphs import nodes, routers
from graphs.context import CallContext
from graphs.state import CallState


def build_graph() -> StateGraph[CallState, CallContext, CallState, CallState]:
    """The uncompiled graph (nodes, edges and routers)."""
    g: StateGraph[CallState, CallContext, CallState, CallState] = StateGraph(
        CallState, context_schema=CallContext
    )
    g.add_node("greet", nodes.greet)
    g.add_node("ingest", nodes.ingest)
    g.add_node("urgency_guardrail", nodes.urgency_guardrail)
    g.add_node("understand", nodes.understand)
    g.add_node("triage", nodes.triage)
    g.add_node("identify", nodes.identify)
    g.add_node("slot_search", nodes.slot_search)
    g.add_node("confirm", nodes.confirm)
    g.add_node("book", nodes.book)
    g.add_node("cancel", nodes.cancel)
    g.add_node("reschedule", nodes.reschedule)
    g.add_node("appointments", nodes.appointments)
    g.add_node("information", nodes.information)
    g.add_node("staff_request", nodes.staff_request)
    g.add_node("waitlist", nodes.waitlist)
    g.add_node("handoff", nodes.handoff)
    g.add_node("staff_wait", nodes.staff_wait)
    g.add_node("respond", nodes.respond)

    g.add_conditional_edges(START, routers.after_start)
    g.add_edge("greet", "respond")
    g.add_edge("ingest", "urgency_guardrail")
    g.add_conditional_edges("urgency_guardrail", routers.after_guardrail)
    g.add_conditional_edges("understand", routers.after_understand)
    g.add_conditional_edges("triage", routers.after_triage)
    g.add_conditional_edges("identify", routers.after_identify)
    g.add_conditional_edges("appointments", routers.after_appointments)
    g.add_conditional_edges("slot_search", routers.after_slot_search)
    for write in ("book", "cancel", "reschedule", "waitlist"):
        g.add_conditional_edges(write, routers.after_write)
    g.add_edge("confirm", "respond")
    g.add_edge("information", "respond")
    g.add_edge("staff_request", "respond")
    g.add_edge("handoff", "respond")
    g.add_conditional_edges("respond", routers.after_respond)
    g.add_edge("staff_wait", "respond")
    return g


Compiled = CompiledStateGraph[CallState, CallContext, CallState, CallState]
_COMPILED: weakref.WeakKeyDictionary[BaseCheckpointSaver, Compiled] = weakref.WeakKeyDictionary()


def compile_graph(checkpointer: BaseCheckpointSaver | None = None) -> Compiled:
    """The compiled graph, checkpointed by ``checkpointer`` (required for handoff/resume).

    Compiling takes tens of milliseconds and the graph never depends on the practice (the
    store, brain and clock travel in the run context), so engines sharing a checkpointer
    share one compiled graph.
    """
    if checkpointer is None:
        return build_graph().compile(name="frontdesk")
    compiled = _COMPILED.get(checkpointer)
    if compiled is None:
        compiled = build_graph().compile(checkpointer=checkpointer, name="frontdesk")
        _COMPILED[checkpointer] = compiled
    return compiled
