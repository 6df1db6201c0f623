"""Conversation tokens: an HMAC of the conversation id, so nothing is stored and a token
stays valid across restarts and replicas sharing ``FRONTDESK_SECRET_KEY``."""

from __future__ import annotations

import base64
import hashlib
import hmac

from agent.keys import secret_key
from agent.settings import Settings

PURPOSE = "conversation-token"


class ConversationTokens:
    """Signs and checks the bearer tokens of patient conversations."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_settings(cls, settings: Settings) -> ConversationTokens:
        return cls(secret_key(settings, PURPOSE))

    def token(self, conversation_id: str) -> str:
        """The token of ``conversation_id`` (URL-safe, no padding)."""
        digest = hmac.new(self._key, conversation_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def valid(self, conversation_id: str, token: str | None) -> bool:
        """Whether ``token`` is the token of ``conversation_id`` (constant time)."""
        return bool(token) and hmac.compare_digest(self.token(conversation_id), str(token))
