"""A scripted engine for the processor tests: canned results, optional slowness, a record."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import ParseResult, urlparse

from graphs.events import TurnEvent, TurnResult


def result(reply: str, **fields: Any) -> TurnResult:
    """A TurnResult of the scripted conversation."""
    return TurnResult(conversation_id="call-1", reply=reply, **fields)


EMERGENCY = result(
    "This sounds like an emergency. Please hang up and call 15 right now. "
    "I'm also alerting the staff, who will take over.",
    handed_off=True,
    events=[
        TurnEvent(
            kind="handoff",
            data={
                "reason": "emergency",
                "urgency": "emergency",
                "summary": "reason=emergency; urgency=emergency; asked=I have chest pain",
                "patient_id": None,
                "task_id": "t1",
            },
        )
    ],
)


class ScriptedEngine:
    """Answers ``start`` with a greeting and each ``turn`` with the next scripted result."""

    def __init__(self, *replies: TurnResult, delay_s: float = 0.0) -> None:
        self.replies = list(replies)
        self.delay_s = delay_s
        self.heard: list[str] = []
        self.finished: list[str] = []
        self.started: list[dict[str, Any]] = []
        self.hearings: list[Any] = []

    async def start(self, conversation_id: str, **kwargs: Any) -> TurnResult:
        self.started.append(kwargs)
        language = kwargs.get("language") or "en"
        return TurnResult(
            conversation_id=conversation_id,
            reply="Hello, how can I help?",
            language=language,
            expecting="intent",
        )

    async def turn(self, conversation_id: str, text: str, heard: Any = None) -> TurnResult:
        self.heard.append(text)
        self.hearings.append(heard)
        await asyncio.sleep(self.delay_s)
        self.finished.append(text)
        return self.replies.pop(0) if self.replies else result("Anything else?")


class RecordingControl:
    """A call control that records transfers and answers with ``accept``."""

    def __init__(self, accept: bool) -> None:
        self.accept = accept
        self.transfers: list[TurnResult] = []

    async def transfer(self, result: TurnResult) -> bool:
        self.transfers.append(result)
        return self.accept


def dialled(markup: str) -> tuple[str, ParseResult]:
    """The staff number a TwiML/TeXML ``<Dial>`` calls and the briefing URL its leg fetches."""
    number = ET.fromstring(markup).find("./Dial/Number")
    assert number is not None and number.text
    return number.text, urlparse(number.get("url", ""))
