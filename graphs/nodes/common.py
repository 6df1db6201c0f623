"""Helpers every node shares: typed views of the state and a builder for partial updates."""

from __future__ import annotations

from typing import Any

from agent.tools import ToolError, ToolScope
from agent.understanding import Intent, Language, Understanding, UrgencyLevel
from graphs.state import CallState, Constraints, IdentityClaims, Offer, PatientRef, PendingWrite

TRANSCRIPT_FOR_BRAIN = 12
"""How many recent transcript lines a brain sees."""


class Update:
    """A node's partial state update, readable as the state it will produce.

    ``get`` returns the updated value when the node already set one, so helpers that chain
    (identify, then search) see each other's changes within one node.
    """

    def __init__(self, state: CallState) -> None:
        self.state = state
        # A node that does not choose a route must not inherit the previous node's choice.
        self.values: dict[str, Any] = {"route": None}

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.values:
            return self.values[key]
        return self.state.get(key, default)  # type: ignore[misc]

    def set(self, **values: Any) -> Update:
        self.values.update(values)
        return self

    def say(self, key: str, **params: Any) -> Update:
        """Queue a message of ``agent.replies`` (rendered by ``respond``)."""
        self.values["say"] = [*self.get("say", []), [key, params]]
        return self

    def emit(self, kind: str, **data: Any) -> Update:
        """Record a ``TurnEvent`` for the channel."""
        self.values["events"] = [*self.get("events", []), {"kind": kind, "data": data}]
        return self

    def route(self, node: str) -> Update:
        """Where the graph goes after this node (read by ``graphs.routers``)."""
        self.values["route"] = node
        return self

    def saw(self, references: list[str]) -> Update:
        """Remember ids a read tool returned: the only ids writes accept."""
        seen = list(self.get("seen_ids", []))
        seen.extend(r for r in references if r not in seen)
        self.values["seen_ids"] = seen
        return self

    def scope(self) -> ToolScope:
        """The tool scope as of this update."""
        patient = self.get("patient")
        return ToolScope(
            conversation_id=self.get("conversation_id"),
            patient_id=patient["id"] if patient else None,
            seen_ids=frozenset(self.get("seen_ids", [])),
        )

    def patient(self) -> PatientRef | None:
        value = self.get("patient")
        return PatientRef.model_validate(value) if value else None

    def claims(self) -> IdentityClaims:
        return IdentityClaims.model_validate(self.get("identity") or {})

    def constraints(self) -> Constraints:
        return Constraints.model_validate(self.get("constraints") or {})

    def offered(self) -> list[Offer]:
        return [Offer.model_validate(o) for o in self.get("offered") or []]

    def pending(self) -> PendingWrite | None:
        value = self.get("pending")
        return PendingWrite.model_validate(value) if value else None

    def intent(self) -> Intent | None:
        value = self.get("intent")
        return Intent(value) if value else None

    def language(self) -> Language:
        return self.get("language", "en")  # type: ignore[no-any-return]

    def urgency(self) -> UrgencyLevel:
        return UrgencyLevel(self.get("urgency") or "routine")


def understanding(state: CallState) -> Understanding:
    """This turn's understanding (empty before the brain ran or on an empty turn)."""
    return Understanding.model_validate(state.get("understanding") or {})


def say_tool_error(update: Update, error: ToolError) -> None:
    """Turn a tool error into what the caller hears."""
    if error.code in ("unavailable", "internal", "forbidden"):
        update.say("backend_down")
    elif error.code in ("slot_taken", "slot_in_past"):
        update.say("slot_taken")
    else:
        update.say("write_failed")


TASK_RESET: dict[str, Any] = {
    "constraints": {},
    "offered": [],
    "appointments": [],
    "target": None,
    "pending": None,
    "request": None,
}
"""State of the task under way, cleared when a new task starts or one completes."""
