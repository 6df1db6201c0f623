"""A stand-in for Twilio: signs the answer webhook, opens the media stream as Twilio does.

Used by ``frontdesk bench voice`` and by the end-to-end tests (no Twilio account, no network).

Wire format as Twilio documents it: the answer webhook is a form POST signed with
``X-Twilio-Signature`` (HMAC-SHA1 of the URL and sorted parameters, keyed by the auth token);
the TwiML's ``<Connect><Stream>`` names the WebSocket; the stream carries JSON events
``connected``, ``start`` (with the TwiML's custom parameters), ``media`` (base64 8 kHz mu-law,
20 ms per message), ``dtmf``, ``mark`` and ``stop``; the server answers with ``media`` and
``clear`` events.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import websockets
from pipecat.audio.utils import create_stream_resampler, pcm_to_ulaw, ulaw_to_pcm
from twilio.request_validator import RequestValidator

PHONE_RATE = 8000
CHUNK = 160  # 20 ms of 8 kHz mu-law, as Twilio sends it


def sign(auth_token: str, url: str, params: dict[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send."""
    return str(RequestValidator(auth_token).compute_signature(url, params))


class StandInTwilioCall:
    """One phone call placed through the stand-in."""

    def __init__(self, base_url: str, auth_token: str, caller: str = "+33612345678") -> None:
        self.base_url = base_url.rstrip("/")
        self.auth_token = auth_token
        self.caller = caller
        self.call_sid = "CA" + uuid.uuid4().hex
        self.stream_sid = "MZ" + uuid.uuid4().hex
        self.received = bytearray()  # the agent's audio, mu-law
        self.last_audio_at = 0.0
        self.spoke_until = 0.0
        """When the caller's last speech ended (monotonic), for end-of-speech -> first audio."""
        self.first_audio_delays: list[float] = []
        self._waiting_first_audio = False
        self._resampler = create_stream_resampler()
        self.clears = 0
        self.closed = asyncio.Event()
        self._socket: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._sequence = 0

    async def answer(self, path: str = "/voice/twilio/answer") -> httpx.Response:
        """POST the signed answer webhook; returns the response (TwiML on success)."""
        url = self.base_url + path
        form = {
            "AccountSid": "AC" + "0" * 32,
            "CallSid": self.call_sid,
            "From": self.caller,
            "To": "+33199001234",
            "CallStatus": "ringing",
            "Direction": "inbound",
        }
        headers = {"X-Twilio-Signature": sign(self.auth_token, url, form)}
        async with httpx.AsyncClient() as http:
            return await http.post(url, data=form, headers=headers)

    async def connect(self, twiml: str) -> None:
        """Open the TwiML's stream and send ``connected`` and ``start``."""
        stream = ET.fromstring(twiml).find(".//Stream")
        assert stream is not None, twiml
        parameters = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
        self._socket = await websockets.connect(stream.get("url", ""))
        await self._send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        await self._send(
            {
                "event": "start",
                "start": {
                    "accountSid": "AC" + "0" * 32,
                    "streamSid": self.stream_sid,
                    "callSid": self.call_sid,
                    "tracks": ["inbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                    "customParameters": parameters,
                },
                "streamSid": self.stream_sid,
            }
        )
        self._reader = asyncio.create_task(self._read())

    async def _send(self, message: dict[str, Any]) -> None:
        if self.closed.is_set():
            return  # the other side hung up: a line just goes quiet
        self._sequence += 1
        try:
            await self._socket.send(json.dumps({**message, "sequenceNumber": str(self._sequence)}))
        except websockets.ConnectionClosed:
            self.closed.set()

    async def _read(self) -> None:
        try:
            async for raw in self._socket:
                message = json.loads(raw)
                if message.get("event") == "media":
                    self.received += base64.b64decode(message["media"]["payload"])
                    self.last_audio_at = time.monotonic()
                    if self._waiting_first_audio:
                        self._waiting_first_audio = False
                        self.first_audio_delays.append(self.last_audio_at - self.spoke_until)
                elif message.get("event") == "clear":
                    self.clears += 1
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()

    async def say(self, pcm8k: bytes, *, trailing_silence_s: float = 1.5) -> None:
        """Speak 8 kHz 16-bit PCM in real time, then stay silent (as a line does).

        The agent's first audio after the end of the speech is timed (``first_audio_delays``).
        """
        silence = bytes(int(PHONE_RATE * trailing_silence_s) * 2)
        audio = await pcm_to_ulaw(pcm8k + silence, PHONE_RATE, PHONE_RATE, self._resampler)
        speech_bytes = len(pcm8k) // 2
        began = time.monotonic()
        for index in range(0, len(audio), CHUNK):
            if self.closed.is_set():
                return
            payload = base64.b64encode(audio[index : index + CHUNK]).decode()
            await self._send(
                {
                    "event": "media",
                    "streamSid": self.stream_sid,
                    "media": {
                        "track": "inbound",
                        "chunk": str(index // CHUNK + 1),
                        "timestamp": str(index // 8),
                        "payload": payload,
                    },
                }
            )
            if pcm8k and index < speech_bytes <= index + CHUNK:
                self.spoke_until = began + speech_bytes / PHONE_RATE
                self._waiting_first_audio = True
            # Real-time pacing: a line delivers 20 ms every 20 ms.
            await asyncio.sleep(max(0.0, began + (index + CHUNK) / PHONE_RATE - time.monotonic()))

    async def silence(self, seconds: float) -> None:
        """Send line silence for ``seconds``."""
        await self.say(b"", trailing_silence_s=seconds)

    async def press(self, digit: str) -> None:
        """A keypad press, as Twilio reports it."""
        await self._send({"event": "dtmf", "streamSid": self.stream_sid, "dtmf": {"digit": digit}})

    async def until_quiet(
        self, after: int = 0, quiet_s: float = 1.0, timeout_s: float = 120.0
    ) -> None:
        """Wait until the agent has said more than ``after`` bytes and then been quiet for
        ``quiet_s`` (line silence keeps flowing meanwhile, as on a real call)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self.closed.is_set():
            spoke = len(self.received) > after
            if spoke and time.monotonic() - self.last_audio_at >= quiet_s:
                return
            await self.silence(0.2)
        if not self.closed.is_set():
            raise TimeoutError("the agent never finished speaking")

    async def agent_audio(self) -> bytes:
        """Everything the agent said, as 16-bit PCM at 8 kHz."""
        return await ulaw_to_pcm(bytes(self.received), PHONE_RATE, PHONE_RATE, self._resampler)

    async def hang_up(self) -> None:
        """Send ``stop`` and close the stream."""
        if self._socket is None:
            return
        try:
            await self._send(
                {
                    "event": "stop",
                    "streamSid": self.stream_sid,
                    "stop": {"accountSid": "AC" + "0" * 32, "callSid": self.call_sid},
                }
            )
            await self._socket.close()
        except websockets.ConnectionClosed:
            pass
        if self._reader is not None:
            await self._reader
