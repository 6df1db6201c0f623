"""The one small interface every provider implements, and its error."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from agent.clinic.outreach import Channel
from agent.outreach.messages import OutboundMessage, Receipt


class ProviderError(Exception):
    """A provider refused or failed to take a message.

    ``retryable`` is True for outages and rate limits (worth another try), False for
    refusals that will not change (an invalid number, an opted-out recipient).
    """

    def __init__(self, message: str, *, retryable: bool, code: str | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.code = code


class Provider(Protocol):
    """Sends messages on some channels."""

    name: str
    channels: frozenset[Channel]

    async def send(self, message: OutboundMessage) -> Receipt:
        """Hand ``message`` to the provider. Raises ProviderError."""
        ...

    async def find_sent(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        """The receipt of ``message`` if the provider already took it after ``since``.

        Asked after a worker died between asking the provider and recording its answer.
        Raises NotImplementedError when the provider cannot tell.
        """
        ...
