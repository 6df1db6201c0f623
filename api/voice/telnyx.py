"""Telnyx: the TeXML answer webhook (Ed25519-signed by Telnyx), its media stream, transfers.

Telnyx signs each webhook with the account's Ed25519 key: ``telnyx-signature-ed25519`` is the
base64 signature of ``"{telnyx-timestamp}|{body}"``, checked against the public key from the
Telnyx portal (``FRONTDESK_TELNYX_PUBLIC_KEY``). The TeXML answer streams the call to our
WebSocket with the same signed ticket as Twilio's, carried in the stream URL.

Warm transfer: TeXML is TwiML-compatible, so the call is moved into the same ``<Dial>`` as a
Twilio call (the staff leg first fetches its spoken briefing from ``/voice/telnyx/briefing``),
through Telnyx's TeXML REST command "Update call"
(``POST /v2/texml/Accounts/{AccountSid}/Calls/{CallSid}``, form field ``Texml``, bearer API key).
"""

from __future__ import annotations

import base64
import time
from urllib.parse import urlencode

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from twilio.twiml.voice_response import Connect, VoiceResponse

from api.voice.control import PhoneLine
from api.voice.twilio import warm_transfer_markup
from graphs.events import TurnResult

MAX_SKEW_S = 300


def signature_valid(public_key: str | None, timestamp: str, body: bytes, signature: str) -> bool:
    """Whether Telnyx signed ``body`` at ``timestamp`` (Ed25519, base64 key and signature)."""
    if not public_key or not signature or not timestamp:
        return False
    try:
        if abs(time.time() - float(timestamp)) > MAX_SKEW_S:
            return False
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(signature), timestamp.encode() + b"|" + body)
    except (ValueError, InvalidSignature):
        return False
    return True


def answer_texml(stream_url: str, ticket: str) -> str:
    """TeXML (Twilio-compatible markup) streaming the call both ways to our WebSocket."""
    response = VoiceResponse()
    connect = Connect()
    connect.stream(url=f"{stream_url}?{urlencode({'ticket': ticket})}", bidirectionalMode="rtp")
    response.append(connect)
    return str(response)


class TelnyxCallControl:
    """Warm transfer of a Telnyx TeXML call to the staff line (only while the practice is open).

    Args:
        line: the call (``CallSid`` of the answer webhook), the practice, our public URL.
        account_sid: the call's ``AccountSid``.
        http: the HTTP client (tests pass one on a stand-in transport).
    """

    def __init__(
        self, line: PhoneLine, account_sid: str | None, http: httpx.AsyncClient | None = None
    ) -> None:
        self._line = line
        self._account_sid = account_sid
        self._http = http

    async def transfer(self, result: TurnResult) -> bool:
        """Move the call into ``<Dial>`` with the briefing; False when not possible now."""
        line = self._line
        key = line.settings.telnyx_api_key
        if key is None or not self._account_sid or not line.open_now():
            return False
        briefing_url = f"{line.public_base.rstrip('/')}/voice/telnyx/briefing"
        texml = warm_transfer_markup(line.settings, line.clinic, result, briefing_url)
        url = (
            f"{line.settings.telnyx_api_url.rstrip('/')}/texml/Accounts/"
            f"{self._account_sid}/Calls/{line.call_sid}"
        )
        headers = {"Authorization": f"Bearer {key.get_secret_value()}"}
        async with _client(self._http) as http:
            response = await http.post(url, data={"Texml": texml}, headers=headers)
        response.raise_for_status()
        return True


class _client:
    """The given client (left open), or a short-lived one."""

    def __init__(self, given: httpx.AsyncClient | None) -> None:
        self._given = given
        self._own: httpx.AsyncClient | None = None

    async def __aenter__(self) -> httpx.AsyncClient:
        if self._given is not None:
            return self._given
        self._own = httpx.AsyncClient(timeout=10.0)
        return self._own

    async def __aexit__(self, *exc: object) -> None:
        if self._own is not None:
            await self._own.aclose()
