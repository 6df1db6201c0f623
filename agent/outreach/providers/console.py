"""The embedded default: messages go to a JSON-lines file (and the terminal), not to phones.

``make run`` needs no account anywhere: a booking's confirmation appears in
``var/outbox.jsonl`` and on the server's console, exactly as it would have been sent.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from agent.clinic.outreach import Channel
from agent.outreach.messages import OutboundMessage, Receipt


class ConsoleProvider:
    """Writes each message as one JSON line to ``path`` and, when given, to ``echo``."""

    name = "console"
    channels: frozenset[Channel] = frozenset({"sms", "whatsapp", "email"})

    def __init__(self, path: Path | None = None, *, echo: TextIO | None = None) -> None:
        self.path = path
        self.echo = echo
        self.sent: list[OutboundMessage] = []
        """Messages sent by this process (tests read it)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def _append(self, line: str) -> None:
        if self.path is not None:
            # One write of one line in append mode: lines of several processes never mix.
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")

    async def send(self, message: OutboundMessage) -> Receipt:
        record = message.model_dump(mode="json", include={"key", "kind", "channel", "to", "body"})
        await asyncio.to_thread(self._append, json.dumps(record, ensure_ascii=False))
        self.sent.append(message)
        if self.echo is not None:
            print(f"[{message.channel} -> {message.to}] {message.body}", file=self.echo)
            self.echo.flush()
        return Receipt(provider=self.name, provider_id=message.key)

    async def find_sent(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        if any(m.key == message.key for m in self.sent):
            return Receipt(provider=self.name, provider_id=message.key)
        if self.path is None or not self.path.exists():
            return None
        keys = {json.loads(line).get("key") for line in self.path.read_text("utf-8").splitlines()}
        return Receipt(provider=self.name, provider_id=message.key) if message.key in keys else None


def stdout_echo() -> TextIO:
    """Where the console provider prints on ``make run``."""
    return sys.stdout
