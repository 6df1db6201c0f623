"""A tiny script runner for conversation tests: open a call, say lines, read what happened."""

from __future__ import annotations

import re
from typing import Any, Literal

from graphs.engine import Engine
from graphs.events import TurnResult

MAX_SENTENCES = 4
"""Replies are spoken: about three sentences, four when a side question is answered."""


def sentences(text: str) -> int:
    """How many sentences a reply has (ends of sentence followed by a space or the end)."""
    return len(re.findall(r"[.!?](?:\s|$)", text))


class Call:
    """One conversation with an engine, keeping every result for assertions."""

    def __init__(self, engine: Engine, conversation_id: str) -> None:
        self.engine = engine
        self.id = conversation_id
        self.results: list[TurnResult] = []

    async def start(self, language: Literal["fr", "en"] | None = None, **kwargs: Any) -> TurnResult:
        result = await self.engine.start(self.id, language=language, **kwargs)
        self.results.append(result)
        return result

    async def say(self, *lines: str) -> TurnResult:
        """Say each line in turn; return the last result. Every reply must stay short."""
        for line in lines:
            result = await self.engine.turn(self.id, line)
            assert sentences(result.reply) <= MAX_SENTENCES, result.reply
            self.results.append(result)
        return self.results[-1]

    def events(self, kind: str) -> list[dict[str, Any]]:
        """Data of every event of ``kind`` so far."""
        return [e.data for r in self.results for e in r.events if e.kind == kind]

    def transcript(self) -> str:
        """Every reply so far, for assertion messages."""
        return "\n".join(r.reply for r in self.results)
