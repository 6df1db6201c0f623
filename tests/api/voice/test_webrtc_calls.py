"""Web voice end to end: an aiortc peer (as a browser would) calls the app over SmallWebRTC."""

from __future__ import annotations

import asyncio
import fractions
import time

import httpx
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame

from evals.telephone import to_rate
from tests.api.voice.conftest import VoiceServer, phone_speech

RATE = 16000
FRAME = 320  # 20 ms
TIMEOUT_S = 180.0


class Microphone(MediaStreamTrack):
    """A browser microphone that says what it is given, in real time, silence otherwise."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self.pending = np.zeros(0, dtype=np.int16)
        self._sent = 0
        self._began: float | None = None

    def say(self, pcm16k: bytes) -> None:
        self.pending = np.concatenate([self.pending, np.frombuffer(pcm16k, dtype=np.int16)])

    async def recv(self) -> AudioFrame:
        if self._began is None:
            self._began = time.monotonic()
        await asyncio.sleep(max(0.0, self._began + self._sent / RATE - time.monotonic()))
        chunk, self.pending = self.pending[:FRAME], self.pending[FRAME:]
        samples = np.zeros(FRAME, dtype=np.int16)
        samples[: chunk.size] = chunk
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, RATE)
        self._sent += FRAME
        return frame


async def _listen(track: MediaStreamTrack, heard: list[float]) -> None:
    while True:
        try:
            frame = await track.recv()
        except Exception:  # the track ended with the call
            return
        if np.abs(frame.to_ndarray()).max() > 500:
            heard.append(time.monotonic())


async def _wait(condition, timeout_s: float = TIMEOUT_S) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(0.1)


async def test_a_browser_call_is_greeted_and_an_emergency_is_handled(
    voice_server: VoiceServer,
) -> None:
    microphone = Microphone()
    peer = RTCPeerConnection()
    peer.addTrack(microphone)
    heard: list[float] = []
    listening: list[asyncio.Task[None]] = []

    @peer.on("track")
    def _on_track(track: MediaStreamTrack) -> None:
        listening.append(asyncio.create_task(_listen(track, heard)))

    await peer.setLocalDescription(await peer.createOffer())
    async with httpx.AsyncClient(base_url=voice_server.base_url) as http:
        answer = await http.post(
            "/voice/api/offer?lang=en",
            json={"sdp": peer.localDescription.sdp, "type": peer.localDescription.type},
        )
    assert answer.status_code == 200, answer.text
    await peer.setRemoteDescription(RTCSessionDescription(**{
        k: answer.json()[k] for k in ("sdp", "type")
    }))  # fmt: skip
    try:
        await _wait(lambda: voice_server.results and heard)  # greeted, and heard it
        await asyncio.sleep(6)  # let the greeting finish
        line = phone_speech("I have a crushing pain in my chest and I can't breathe.")
        microphone.say(to_rate(line, 8000, RATE) + bytes(RATE * 2))
        await _wait(lambda: len(voice_server.results) >= 2)
    finally:
        await peer.close()
        for task in listening:
            task.cancel()
    greeting, answer_turn = voice_server.results[:2]
    assert greeting.language == "en"
    assert any(
        e.kind == "handoff" and e.data["urgency"] == "emergency" for e in answer_turn.events
    ), answer_turn.reply
