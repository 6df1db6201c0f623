"""Staff taking a conversation over, writing to the patient, handing it back, resolving it.

A mixin of ``graphs.engine.Engine`` (kept apart so the engine module stays one concept): each
action holds the conversation's lock, changes the checkpointed state through ``Live.change``
(as the ``respond`` node, so a call waiting in the handoff interrupt stays waiting) and
publishes the change. While staff have a conversation the agent is silent: patient turns are
recorded and published, never answered by the agent.
"""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command

from agent.clinic import ClinicConfig
from agent.replies import message
from fhir_adapters.clock import Clock
from graphs.context import CallContext
from graphs.directory import ConversationSummary
from graphs.escalation import hear_while_held
from graphs.events import URGENCY_QUESTION, Heard, TurnResult
from graphs.graph import Compiled
from graphs.live import Live
from graphs.nodes.intake import clean_turn
from graphs.transcript import TranscriptEntry, entries

log = logging.getLogger(__name__)


class ConversationStateError(ValueError):
    """The conversation is not in a state that allows the request (e.g. nothing to resume)."""


class UnknownConversationError(ConversationStateError):
    """No conversation has this id."""


def waiting_for_staff(snapshot: Any) -> bool:
    # A staff action saved as ``respond`` leaves the call before ``staff_wait`` again: it has
    # no pending interrupt until resumed, but it is still waiting.
    return bool(snapshot.interrupts) or "staff_wait" in (snapshot.next or ())


class StaffActions:
    """What staff do to a live conversation (mixed into ``Engine``)."""

    clock: Clock
    clinic: ClinicConfig
    live: Live
    _graph: Compiled
    _context: CallContext

    if TYPE_CHECKING:

        def _lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]: ...

        @staticmethod
        def _config(conversation_id: str) -> RunnableConfig: ...

        async def state(self, conversation_id: str) -> dict[str, Any]: ...

        async def _run(
            self, conversation_id: str, payload: Any, *, before: int = 0
        ) -> TurnResult: ...

        async def _notify(self, result: TurnResult) -> None: ...

        async def _trouble(self, conversation_id: str) -> TurnResult: ...

        def _result(self, conversation_id: str, values: dict[str, Any]) -> TurnResult: ...

    async def take_over(self, conversation_id: str, staff_id: str) -> ConversationSummary | None:
        """A member of staff takes the conversation: the agent stays silent until handed back.

        Later patient turns are recorded and published but get no reply from the agent.
        Works whether or not the call was handed off first.

        Raises:
            UnknownConversationError: no such conversation.
        """
        async with self._lock(conversation_id):
            values = await self._known(conversation_id)
            held = {"staff_id": staff_id, "since": self.clock.now().isoformat()}
            _, summary = await self.live.change(
                conversation_id, values, staff=held, handled_by=staff_id
            )
            return summary

    async def staff_message(
        self, conversation_id: str, text: str, staff_id: str
    ) -> TranscriptEntry:
        """Staff write to the patient (taking the conversation over if they had not yet).

        Raises:
            UnknownConversationError: no such conversation.
            ValueError: empty text.
        """
        line = clean_turn(text)
        if not line:
            raise ValueError("a staff message needs text")
        async with self._lock(conversation_id):
            values = await self._known(conversation_id)
            fields: dict[str, Any] = {}
            if not values.get("staff"):
                held = {"staff_id": staff_id, "since": self.clock.now().isoformat()}
                fields = {"staff": held, "handled_by": staff_id}
            new, _ = await self.live.change(conversation_id, values, [("staff", line)], **fields)
            return entries(new, len(new["transcript"]) - 1)[0]

    async def hand_back(self, conversation_id: str, note: str | None = None) -> TurnResult:
        """Staff give the conversation back to the agent, which tells the patient so.

        Raises:
            UnknownConversationError: no such conversation.
            ConversationStateError: neither taken over nor waiting for staff.
        """
        async with self._lock(conversation_id):
            return await self._hand_back(conversation_id, note)

    async def resolve(
        self, conversation_id: str, note: str | None = None, staff_id: str | None = None
    ) -> ConversationSummary | None:
        """Staff close the case with a note; a call waiting for them is handed back first.

        Raises:
            UnknownConversationError: no such conversation.
        """
        async with self._lock(conversation_id):
            snapshot = await self._graph.aget_state(self._config(conversation_id))
            if snapshot.values.get("staff") or waiting_for_staff(snapshot):
                await self._hand_back(conversation_id, note)
            values = await self._known(conversation_id)
            resolved = {"note": note, "at": self.clock.now().isoformat(), "staff_id": staff_id}
            _, summary = await self.live.change(conversation_id, values, resolved=resolved)
            return summary

    async def _known(self, conversation_id: str) -> dict[str, Any]:
        values = await self.state(conversation_id)
        if not values:
            raise UnknownConversationError(f"no conversation {conversation_id!r}")
        return values

    async def _hand_back(self, conversation_id: str, note: str | None) -> TurnResult:
        snapshot = await self._graph.aget_state(self._config(conversation_id))
        values = dict(snapshot.values)
        if not values:
            raise UnknownConversationError(f"no conversation {conversation_id!r}")
        waiting = waiting_for_staff(snapshot)
        if not values.get("staff") and not waiting:
            raise ConversationStateError(f"conversation {conversation_id!r} is with the agent")
        if values.get("staff"):
            values, _ = await self.live.change(conversation_id, values, staff=None)
        before = len(values.get("transcript") or [])
        if waiting:
            return await self._run(conversation_id, Command(resume={"note": note}), before=before)
        language = values.get("language", self.clinic.default_language)
        reply = message("staff_resumed", language, self.clinic.time_zone)
        notes = [*values.get("staff_notes", []), note] if note else values.get("staff_notes", [])
        values, _ = await self.live.change(
            conversation_id, values, [("agent", reply)], staff_notes=notes
        )
        result = self._result(conversation_id, {**values, "reply": reply, "events": []})
        result.seq = before
        await self._notify(result)
        return result

    async def _held(
        self, conversation_id: str, values: dict[str, Any], text: str, heard: Heard | None
    ) -> TurnResult:
        """A patient turn while staff have the call: recorded and published, no agent reply
        (or, while nobody has taken it yet, the "please hold on" line). A turn that makes the
        call more urgent escalates it (``graphs.escalation``)."""
        line = clean_turn(text)
        language = values.get("language", self.clinic.default_language)
        lines: list[tuple[Any, str]] = [("patient", line)] if line else []
        try:
            held = await hear_while_held(values, line, heard, self._context)
            reply = held.reply
            if reply is None and not values.get("staff"):
                reply = message("handed_off_wait", language, self.clinic.time_zone)
            if reply:
                lines.append(("agent", reply))
            turns = int(values.get("turn_count") or 0) + (1 if line else 0)
            values, _ = await self.live.change(
                conversation_id, values, lines, held.events, turn_count=turns, **held.fields
            )
        except Exception as exc:
            log.exception("recording a turn failed (%s)", type(exc).__name__)
            return await self._trouble(conversation_id)
        result = TurnResult(
            conversation_id=conversation_id,
            reply=reply or "",
            events=held.events,
            handed_off=True,
            expecting=URGENCY_QUESTION if held.fields.get("urgency_question") else None,
            language=language,
            seq=len(values.get("transcript") or []) - 1 if reply else None,
        )
        await self._notify(result)
        return result
