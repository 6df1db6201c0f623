"""Patient conversations over HTTP: one turn at a time per conversation, and a retried post
(same ``Idempotency-Key``) answered from the first answer instead of running again.

Answers to keyed posts are kept in the conversation directory's database, so a retry after a
restart is answered the same way. The per-conversation lock covers the check, the turn and the
store of the answer, so two posts never interleave and a concurrent retry waits for the first.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from agent.settings import Settings
from api.http.conversations import shaping
from api.http.conversations.models import (
    ConversationCreated,
    ConversationView,
    CreateConversation,
    Language,
    TurnReply,
)
from api.http.conversations.tokens import ConversationTokens
from api.http.problems import Problem
from graphs.directory import ConversationSummary
from graphs.engine import Engine
from graphs.events import TurnResult
from graphs.locks import LockUnavailableError
from graphs.transcript import entries


def failed(result: TurnResult) -> bool:
    """The engine could not take the turn (nothing of it was saved)."""
    return result.not_taken is not None


def not_taken() -> Problem:
    """503 with Retry-After: the store is briefly unreachable; the same post may be retried."""
    return Problem(
        503,
        "Temporarily unavailable",
        "The message was not taken; send it again in a moment.",
        type_="turn-not-taken",
        headers={"Retry-After": "2"},
    )


class ConversationService:
    """What the conversation routes call."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.tokens = ConversationTokens.from_settings(settings)

    async def create(self, body: CreateConversation) -> ConversationCreated:
        """Open a conversation and greet the patient."""
        cid = self.engine.new_conversation_id()
        language = body.language or self.settings.web_language
        result = await self.engine.start(cid, language=language, channel=body.channel)
        if failed(result):
            raise not_taken()
        summary = await self.engine.summary(cid)
        clinic = self.engine.clinic
        return ConversationCreated(
            id=cid,
            token=self.tokens.token(cid),
            messages=shaping.reply(result, clinic, self.engine.clock.now()),
            state=shaping.state(summary, result.language, clinic, expecting=result.expecting),
        )

    async def exists(self, conversation_id: str) -> ConversationSummary | None:
        """The conversation's summary, or None when there is no such conversation."""
        return await self.engine.summary(conversation_id)

    async def post(
        self, conversation_id: str, text: str, idempotency_key: str | None = None
    ) -> TurnReply:
        """One patient message; a known ``idempotency_key`` returns the first answer.

        Raises:
            Problem: 503 when the turn could not be taken (nothing was saved).
        """
        try:
            async with self._lock(conversation_id):
                return await self._post(conversation_id, text, idempotency_key)
        except LockUnavailableError as exc:
            raise not_taken() from exc

    async def _post(
        self, conversation_id: str, text: str, idempotency_key: str | None
    ) -> TurnReply:
        directory = self.engine.live.directory
        if idempotency_key and directory is not None:
            stored = await directory.recall(conversation_id, idempotency_key)
            if stored is not None:
                return TurnReply.model_validate(stored)
        result = await self.engine.turn(conversation_id, text)
        if failed(result):
            # Nothing was saved and nothing is remembered under the key: the client's retry
            # (same key) runs the turn once the store is back.
            raise not_taken()
        summary = await self.engine.summary(conversation_id)
        clinic = self.engine.clinic
        answer = TurnReply(
            messages=shaping.reply(result, clinic, self.engine.clock.now()),
            events=result.events,
            state=shaping.state(
                summary,
                result.language,
                clinic,
                expecting=result.expecting,
                ended=result.ended,
            ),
        )
        if idempotency_key and directory is not None:
            await directory.remember(
                conversation_id, idempotency_key, answer.model_dump(mode="json")
            )
        return answer

    async def view(self, conversation_id: str) -> ConversationView:
        """The transcript and state of a conversation."""
        values = await self.engine.state(conversation_id)
        summary = await self.engine.summary(conversation_id)
        clinic = self.engine.clinic
        language: Language = values.get("language") or clinic.default_language
        return ConversationView(
            id=conversation_id,
            messages=shaping.history(entries(values), values, clinic),
            state=shaping.state(
                summary,
                language,
                clinic,
                expecting=shaping.expecting(values),
                ended=bool(values.get("ended")),
            ),
        )

    def _lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        # The engine's locks reach every worker: a retried message (same idempotency key) that
        # lands on another process waits for the first and gets its stored answer. The
        # conversation's own key: the engine's turn inside holds it again (re-entrant), and a
        # second key would nest two locks, which striped locks turn into deadlocks.
        return self.engine.locks.hold(conversation_id)
