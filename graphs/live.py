"""Keeping screens current: the engine's side of the bus and the directory.

After every run of the graph and every staff action, ``Live`` publishes the new transcript
lines, the turn's events and the conversation's status on the bus, and upserts its summary in
the directory. Staff actions change the checkpointed state through ``aupdate_state`` *as the
``respond`` node*, so a call waiting in the handoff interrupt stays waiting there (its next node
is still ``staff_wait``) and every other call stays at rest.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig

from fhir_adapters.clock import Clock
from graphs.bus import ConversationBus, ConversationUpdate
from graphs.directory import ConversationDirectory, ConversationSummary, summarize
from graphs.events import TurnEvent, TurnResult
from graphs.graph import Compiled
from graphs.transcript import Role, entries, stamped

log = logging.getLogger(__name__)

RECENT_SUMMARIES = 10_000
"""Summaries of recently active conversations kept in memory: a turn then reads none from the
directory. The engine is the directory's only writer in its process; with several processes
each keeps its own (a Postgres directory would read through instead)."""


class Live:
    """Publishes a conversation's changes and keeps its directory summary current."""

    def __init__(
        self,
        graph: Compiled,
        clock: Clock,
        bus: ConversationBus,
        directory: ConversationDirectory | None = None,
    ) -> None:
        self.graph = graph
        self.clock = clock
        self.bus = bus
        self.directory = directory
        self._recent: OrderedDict[str, ConversationSummary] = OrderedDict()

    async def after_run(
        self, conversation_id: str, values: Mapping[str, Any], result: TurnResult, before: int
    ) -> None:
        """Publish what a graph run added (lines from ``before`` on, events, status)."""
        try:
            for entry in entries(values, before):
                payload = entry.model_dump(mode="json")
                if entry.role == "agent" and entry.seq == result.seq:
                    payload["options"] = [o.model_dump(mode="json") for o in result.options]
                    payload["expecting"] = result.expecting
                    payload["language"] = result.language
                await self._publish(conversation_id, "message", payload)
            for event in result.events:
                await self._publish(conversation_id, "event", event.model_dump(mode="json"))
            await self.refresh(conversation_id, values, result.events)
        except Exception as exc:  # screens must never break the patient's turn
            log.warning("live update failed (%s)", type(exc).__name__)

    async def typing(self, conversation_id: str, role: Role = "agent", on: bool = True) -> None:
        """Tell screens someone is (or stopped) composing a reply."""
        await self._publish(conversation_id, "typing", {"role": role, "typing": on})

    async def change(
        self,
        conversation_id: str,
        values: Mapping[str, Any],
        lines: Sequence[tuple[Role, str]] = (),
        events: Sequence[TurnEvent] = (),
        **fields: Any,
    ) -> tuple[dict[str, Any], ConversationSummary | None]:
        """Append ``lines`` and set ``fields`` in the saved state, then publish (with
        ``events``, e.g. a held call's escalation).

        Returns:
            The new values and the new summary (None when the live update failed).
        """
        update: dict[str, Any] = dict(fields)
        if lines:
            update.update(stamped(values, list(lines), self.clock.now()))
        await self.graph.aupdate_state(_config(conversation_id), update, as_node="respond")
        new = {**values, **update}
        summary = None
        try:
            for entry in entries(new, len(values.get("transcript") or [])):
                await self._publish(conversation_id, "message", entry.model_dump(mode="json"))
            for event in events:
                await self._publish(conversation_id, "event", event.model_dump(mode="json"))
            summary = await self.refresh(conversation_id, new, events)
        except Exception as exc:
            log.warning("live update failed (%s)", type(exc).__name__)
        return new, summary

    async def refresh(
        self,
        conversation_id: str,
        values: Mapping[str, Any],
        events: Sequence[TurnEvent] = (),
    ) -> ConversationSummary:
        """Recompute, store and publish the conversation's summary."""
        previous = await self.summary(conversation_id)
        summary = summarize(
            conversation_id, values, now=self.clock.now(), previous=previous, events=events
        )
        if self.directory is not None:
            await self.directory.upsert(summary)
        self._remember(summary)
        await self._publish(conversation_id, "status", summary.model_dump(mode="json"))
        return summary

    async def summary(self, conversation_id: str) -> ConversationSummary | None:
        """The conversation's last summary (memory first, then the directory)."""
        found = self._recent.get(conversation_id)
        if found is None and self.directory is not None:
            found = await self.directory.get(conversation_id)
            if found is not None:
                self._remember(found)
        return found

    def _remember(self, summary: ConversationSummary) -> None:
        self._recent[summary.id] = summary
        self._recent.move_to_end(summary.id)
        while len(self._recent) > RECENT_SUMMARIES:
            self._recent.popitem(last=False)

    async def _publish(self, conversation_id: str, kind: Any, payload: dict[str, Any]) -> None:
        await self.bus.publish(
            ConversationUpdate(
                conversation_id=conversation_id, kind=kind, payload=payload, at=self.clock.now()
            )
        )


def _config(conversation_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": conversation_id}}
