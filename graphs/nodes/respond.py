"""Speak: render the turn's queued messages in the caller's language and log the reply."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.replies import message, render
from graphs.context import CallContext
from graphs.state import CallState
from graphs.transcript import times

KB = "kb"
"""A queued part answering a knowledge-base topic: ``["kb", {"topic": "hours"}]``."""
PROMISE = "promise"
"""A queued part reading the clinic's callback promise: ``["promise", {"code": "billing"}]``."""


def _resolve(part: list[Any], state: CallState, runtime: Runtime[CallContext]) -> list[Any]:
    """Replace clinic texts by their words in the current language."""
    key, params = part[0], (part[1] if len(part) > 1 else {})
    language = state.get("language", "en")
    clinic = runtime.context.clinic
    if key == KB:
        answer = clinic.answer(params["topic"], language)
        return ["raw", {"text": answer}] if answer else ["info_unknown", {}]
    if key == PROMISE:
        promise = clinic.callback_promise(params["code"], language)
        return ["raw", {"text": promise}] if promise else ["callback_default", {}]
    return part


async def respond(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Render the reply (never empty) and append it to the transcript."""
    language = state.get("language", "en")
    parts = [_resolve(p, state, runtime) for p in state.get("say", [])]
    reply = render(parts, language, runtime.context.tz) if parts else ""
    if not reply:
        reply = message("how_can_i_help", language, runtime.context.tz)
    return {
        "reply": reply,
        "transcript": [*state.get("transcript", []), ["agent", reply]],
        "transcript_at": times(state, 1, runtime.context.clock.now()),
    }
