"""The directory's interface: an embedded SQLite one today, a Postgres one later."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from datetime import datetime
from typing import Any, Protocol

from graphs.directory.models import ConversationSummary, DirectoryCounts


class ConversationDirectory(Protocol):
    """Every channel's conversations, one summary each."""

    async def upsert(self, summary: ConversationSummary) -> None:
        """Insert or replace the summary (``started_at`` of the first insert is kept)."""
        ...

    async def get(self, conversation_id: str) -> ConversationSummary | None:
        """The summary of one conversation, or None."""
        ...

    async def list(
        self,
        *,
        status: str | Collection[str] | None = None,
        query: str | None = None,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> builtins.list[ConversationSummary]:
        """Summaries, most recent activity first.

        Args:
            status: one status or several.
            query: text found in the id, patient id, caller phone, reason or summary.
            outcome: only conversations with this outcome (e.g. ``booked``).
            since: started at or after.
            until: started before.
        """
        ...

    async def counts(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> DirectoryCounts:
        """Counts of conversations started in ``[since, until)``."""
        ...

    async def recall(self, conversation_id: str, key: str) -> dict[str, Any] | None:
        """The answer stored for an idempotency key of this conversation, if any."""
        ...

    async def remember(self, conversation_id: str, key: str, answer: dict[str, Any]) -> None:
        """Store the answer given for an idempotency key (the first one stays)."""
        ...

    async def close(self) -> None:
        """Release the database."""
        ...
