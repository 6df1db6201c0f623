"""SMS and WhatsApp through Twilio's official SDK (``twilio.rest.Client``).

The SDK is synchronous (requests); each call runs in a worker thread so the event loop keeps
serving conversations. ``base_url`` points the real client at another host (the tests' local
stand-in of the Twilio REST API); leave it unset in production.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from agent.clinic.outreach import Channel
from agent.outreach.delivery import DeliveryReport, DeliveryState
from agent.outreach.messages import OutboundMessage, Receipt
from agent.outreach.providers.base import ProviderError

# Twilio error codes that no retry will fix: invalid or unreachable numbers, opted-out
# recipients (21610: the carrier-level STOP), unverified senders.
_FINAL_CODES = {21211, 21408, 21610, 21612, 21614, 21606, 63016}

# Twilio's message statuses (https://www.twilio.com/docs/messaging/api/message-resource);
# those before "sent" (queued, sending, accepted, scheduled) say nothing new about delivery.
_DELIVERY_STATES: dict[str, DeliveryState] = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}


def delivery_report(record_id: str, params: dict[str, str]) -> DeliveryReport | None:
    """The report in a StatusCallback's form fields (None: a status that tells nothing)."""
    state = _DELIVERY_STATES.get(params.get("MessageStatus", "").lower())
    if state is None:
        return None
    return DeliveryReport(
        record_id=record_id,
        state=state,
        provider_id=params.get("MessageSid") or None,
        error=params.get("ErrorCode") or None if state == "failed" else None,
    )


class TwilioProvider:
    """Sends SMS (and WhatsApp when a WhatsApp sender is configured) via Twilio."""

    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        whatsapp_from: str | None = None,
        status_callback: str | None = None,
        base_url: str | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        if not (from_number or messaging_service_sid):
            raise ValueError("Twilio needs a sender: a from number or a messaging service SID")
        self.client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout_s)
        )
        if base_url:
            self.client.api.base_url = base_url.rstrip("/")
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.whatsapp_from = whatsapp_from
        self.status_callback = status_callback
        channels: set[Channel] = {"sms"}
        if whatsapp_from:
            channels.add("whatsapp")
        self.channels: frozenset[Channel] = frozenset(channels)

    def _addresses(self, message: OutboundMessage) -> tuple[str, dict[str, Any]]:
        if message.channel == "whatsapp":
            return f"whatsapp:{message.to}", {"from_": f"whatsapp:{self.whatsapp_from}"}
        if self.messaging_service_sid:
            return message.to, {"messaging_service_sid": self.messaging_service_sid}
        return message.to, {"from_": self.from_number}

    def _send_sync(self, message: OutboundMessage) -> Receipt:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        to, sender = self._addresses(message)
        extra: dict[str, Any] = {}
        if self.status_callback and message.record_id:
            # The record's id rides in the callback URL, which Twilio signs with the rest.
            query = urlencode({"record": message.record_id})
            extra["status_callback"] = f"{self.status_callback}?{query}"
        try:
            sent = self.client.messages.create(to=to, body=message.body, **sender, **extra)
        except TwilioRestException as exc:
            final = exc.code in _FINAL_CODES or (400 <= exc.status < 500 and exc.status != 429)
            raise ProviderError(
                f"twilio refused the message ({exc.status}, code {exc.code})",
                retryable=not final,
                code=str(exc.code) if exc.code else None,
            ) from None
        except (TwilioException, OSError) as exc:  # connection errors come from requests
            raise ProviderError(
                f"twilio unreachable: {type(exc).__name__}", retryable=True
            ) from None
        return Receipt(provider=self.name, provider_id=sent.sid, status=str(sent.status))

    async def send(self, message: OutboundMessage) -> Receipt:
        return await asyncio.to_thread(self._send_sync, message)

    def _find_sync(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        to, _ = self._addresses(message)
        for sent in self.client.messages.list(to=to, date_sent_after=since, limit=50):
            if sent.body == message.body:
                return Receipt(provider=self.name, provider_id=sent.sid, status=str(sent.status))
        return None

    async def find_sent(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        try:
            return await asyncio.to_thread(self._find_sync, message, since)
        except Exception as exc:  # cannot tell: the sender dead-letters rather than resend
            raise NotImplementedError(f"twilio lookup failed: {type(exc).__name__}") from None
