"""Telnyx: the TeXML answer webhook (Ed25519-signed by Telnyx) and its media stream.

Telnyx signs each webhook with the account's Ed25519 key: ``telnyx-signature-ed25519`` is the
base64 signature of ``"{telnyx-timestamp}|{body}"``, checked against the public key from the
Telnyx portal (``FRONTDESK_TELNYX_PUBLIC_KEY``). The TeXML answer streams the call to our
WebSocket with the same signed ticket as Twilio's, carried in the stream URL.
"""

from __future__ import annotations

import base64
import time
from urllib.parse import urlencode

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from twilio.twiml.voice_response import Connect, VoiceResponse

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
