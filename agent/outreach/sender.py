"""Delivering one message exactly once, whoever retries it.

Before asking the provider, the message is recorded as a Communication ``in-progress``
under its message key; the backend stores one record per key, so a second delivery of the
same message finds the first record instead of sending again:

* ``completed``: it went out; nothing to do (a retried job, a second worker).
* ``in-progress``: an earlier attempt died between asking the provider and recording its
  answer. The provider is asked whether it took the message (console: its outbox; Twilio:
  the messages sent to that number since the attempt). If it cannot tell (SMTP), the record
  becomes ``unknown`` and goes to staff rather than risk a duplicate.
* ``not-done`` / ``unknown``: decided already; never resent automatically.

Provider outages are retried with tenacity (exponential backoff with jitter); a message
that still fails is recorded ``not-done`` with the reason: the dead letter staff can see.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Literal

from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from agent.outreach.messages import OutboundMessage, Receipt
from agent.outreach.providers.base import Provider, ProviderError
from agent.outreach.records import read_record, to_communication, with_status
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.errors import VersionConflictError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Communication

log = logging.getLogger(__name__)

Outcome = Literal["sent", "duplicate", "failed", "uncertain"]
OUTREACH_ACTOR = Actor(name="frontdesk-outreach")


def _retryable(error: BaseException) -> bool:
    return isinstance(error, ProviderError) and error.retryable


class Sender:
    """Sends messages through ``provider`` and records each one in the backend.

    Args:
        backend: where Communications are recorded (the EHR or the embedded store).
        provider: the provider (usually a ProviderRouter).
        clock: the injected clock.
        attempts: provider attempts per message before it is dead-lettered.
        sleep: how to wait between attempts (tests pass a no-op).
    """

    def __init__(
        self,
        backend: SchedulingBackend,
        provider: Provider,
        clock: Clock,
        *,
        attempts: int = 4,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_wait_s: float = 20.0,
    ) -> None:
        self.backend = backend
        self.provider = provider
        self.clock = clock
        self.attempts = attempts
        self.sleep = sleep
        self.max_wait_s = max_wait_s

    async def deliver(self, message: OutboundMessage) -> Outcome:
        """Send ``message`` unless it was already sent (or decided) under its key."""
        now = self.clock.now()
        draft = to_communication(message, status="in-progress", sent=now)
        record, created = await self.backend.create_communication(draft, actor=OUTREACH_ACTOR)
        if not created:
            stored = read_record(record)
            if stored.status != "in-progress":
                return "duplicate"
            since = (stored.sent or now) - timedelta(minutes=1)
            try:
                found = await self.provider.find_sent(message, since)
            except NotImplementedError:
                await self._finish(record, "unknown", reason="interrupted while sending")
                log.warning("message %s interrupted mid-send; left to staff", message.kind)
                return "uncertain"
            if found is not None:
                await self._finish(record, "completed", receipt=found)
                return "duplicate"
        # Providers that report delivery later (Twilio's StatusCallback) name the record.
        message = message.model_copy(update={"record_id": str(record.id)})
        try:
            receipt = await self._send(message)
        except ProviderError as exc:
            await self._finish(record, "not-done", reason=str(exc))
            log.warning("message %s dead-lettered: %s", message.kind, exc)
            return "failed"
        await self._finish(record, "completed", receipt=receipt)
        return "sent"

    async def _send(self, message: OutboundMessage) -> Receipt:
        kwargs = {"sleep": self.sleep} if self.sleep is not None else {}
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_random_exponential(multiplier=0.5, max=self.max_wait_s),
            retry=retry_if_exception(_retryable),
            reraise=True,
            **kwargs,  # type: ignore[arg-type]
        )
        async for attempt in retrying:
            with attempt:
                return await self.provider.send(message)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _finish(
        self,
        record: Communication,
        status: str,
        *,
        receipt: Receipt | None = None,
        reason: str | None = None,
    ) -> None:
        for _ in range(3):
            update = with_status(
                record,
                status,
                sent=self.clock.now() if status == "completed" else None,
                provider_id=receipt.provider_id if receipt else None,
                reason=reason,
            )
            try:
                await self.backend.update_communication(update, actor=OUTREACH_ACTOR)
                return
            except VersionConflictError:
                record = await self.backend.get(Communication, str(record.id))
                if read_record(record).status != "in-progress":
                    return  # someone else finished it
        log.error("message record %s could not be finished", record.id)
