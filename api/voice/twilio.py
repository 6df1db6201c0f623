"""Twilio: the answer webhook's TwiML, signed stream tickets, and warm transfer to staff.

A call reaches us twice: Twilio's answer webhook (HTTP, signed with the account's auth token,
checked with Twilio's own ``RequestValidator``), then the media stream (a WebSocket). The
TwiML we answer carries a short-lived ticket signed with our own key as a stream parameter, so
only a stream opened by a validated webhook ever starts a pipeline, on any replica.

Warm transfer: the call is redirected into ``<Dial>`` to the staff line; the ``url`` of the
dialled number plays the spoken briefing to the receptionist before the caller is connected.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Connect, Dial, VoiceResponse

from agent.clinic import ClinicConfig
from agent.keys import secret_key
from agent.settings import Settings
from api.voice.control import Language, PhoneLine, briefing
from api.voice.phrases import phrase
from graphs.events import TurnResult

log = logging.getLogger(__name__)

TICKET_MAX_AGE_S = 300
"""A stream must open within minutes of its webhook (Twilio opens it within a second)."""
SAY_LANGUAGE = {"fr": "fr-FR", "en": "en-US"}


class StreamTicket(BaseModel):
    """What the answer webhook learnt, carried to the media stream inside a signed ticket."""

    call_sid: str
    caller: str | None = None
    language: Language | None = None
    account_sid: str | None = None
    """Telnyx TeXML's ``AccountSid`` (needed to move the call to the staff line)."""


def _serializer(settings: Settings, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(settings, purpose), salt=purpose)


def issue_ticket(settings: Settings, ticket: StreamTicket) -> str:
    """A signed, short-lived ticket for the media stream of a validated call."""
    return _serializer(settings, "voice-stream").dumps(ticket.model_dump())


def read_ticket(settings: Settings, token: str | None) -> StreamTicket | None:
    """The ticket's content, or None when it is missing, forged or expired."""
    if not token:
        return None
    try:
        data = _serializer(settings, "voice-stream").loads(token, max_age=TICKET_MAX_AGE_S)
    except BadSignature:
        return None
    return StreamTicket.model_validate(data)


def signature_valid(settings: Settings, url: str, params: dict[str, str], signature: str) -> bool:
    """Whether Twilio signed this webhook (HMAC-SHA1 of URL + sorted params, auth token)."""
    token = settings.twilio_auth_token
    if token is None or not signature:
        return False
    return bool(RequestValidator(token.get_secret_value()).validate(url, params, signature))


def answer_twiml(stream_url: str, ticket: str, caller: str | None) -> str:
    """TwiML connecting the call to our media-stream WebSocket."""
    response = VoiceResponse()
    connect = Connect()
    stream = connect.stream(url=stream_url)
    stream.parameter(name="ticket", value=ticket)
    if caller:
        stream.parameter(name="from_number", value=caller)
    response.append(connect)
    return str(response)


def briefing_twiml(text: str, language: Language) -> str:
    """TwiML the staff member hears before being connected to the caller."""
    response = VoiceResponse()
    response.say(text, language=SAY_LANGUAGE[language])
    return str(response)


def transfer_twiml(
    settings: Settings, language: Language, whisper_url: str, caller_language: Language
) -> str:
    """TwiML moving the caller to the staff line, the briefing whispered to staff first."""
    response = VoiceResponse()
    response.say(phrase("transferring", caller_language), language=SAY_LANGUAGE[caller_language])
    dial = Dial(answer_on_bridge=True)
    if settings.staff_transfer_sip_uri:
        dial.sip(settings.staff_transfer_sip_uri, url=whisper_url)
    else:
        dial.number(settings.staff_transfer_number or "", url=whisper_url)
    response.append(dial)
    return str(response)


def warm_transfer_markup(
    settings: Settings, clinic: ClinicConfig, result: TurnResult, briefing_url: str
) -> str:
    """TwiML (or Telnyx's TeXML) moving the caller into ``<Dial>`` to the staff line; the
    staff leg first fetches its briefing from ``briefing_url`` with a signed token."""
    staff_language = clinic.default_language
    text = briefing(result, staff_language, with_words=False)
    token = issue_briefing(settings, text, staff_language)
    whisper_url = f"{briefing_url}?{urlencode({'t': token})}"
    return transfer_twiml(settings, staff_language, whisper_url, result.language)


def issue_briefing(settings: Settings, text: str, language: Language) -> str:
    """A signed token carrying the briefing to the whisper webhook."""
    return _serializer(settings, "voice-briefing").dumps({"text": text, "language": language})


def read_briefing(settings: Settings, token: str | None) -> tuple[str, Language] | None:
    """The briefing's text and language, or None when the token is not ours."""
    if not token:
        return None
    try:
        data = _serializer(settings, "voice-briefing").loads(token, max_age=3600)
    except BadSignature:
        return None
    language: Language = "fr" if data.get("language") == "fr" else "en"
    return str(data.get("text", "")), language


ClientFactory = Callable[[Settings], Any]


def rest_client(settings: Settings) -> Any:
    """Twilio's REST client for this account."""
    from twilio.rest import Client

    token = settings.twilio_auth_token.get_secret_value() if settings.twilio_auth_token else None
    return Client(settings.twilio_account_sid, token)


class TwilioCallControl:
    """Warm transfer of a Twilio call to the staff line (only while the practice is open).

    Args:
        line: the call, the practice and this service's public URL.
        client_factory: builds the REST client (tests pass a stand-in).
    """

    def __init__(self, line: PhoneLine, client_factory: ClientFactory = rest_client) -> None:
        self._line = line
        self._client_factory = client_factory

    def can_transfer(self) -> bool:
        """A staff line and credentials are configured and the practice is open now."""
        s = self._line.settings
        return bool(s.twilio_account_sid and s.twilio_auth_token) and self._line.open_now()

    async def transfer(self, result: TurnResult) -> bool:
        """Redirect the call into ``<Dial>`` with the briefing; False when not possible now."""
        if not self.can_transfer():
            return False
        line = self._line
        briefing_url = f"{line.public_base.rstrip('/')}/voice/twilio/briefing"
        twiml = warm_transfer_markup(line.settings, line.clinic, result, briefing_url)
        client = self._client_factory(line.settings)
        await asyncio.to_thread(lambda: client.calls(line.call_sid).update(twiml=twiml))
        log.info("call transferred to the staff line")
        return True
