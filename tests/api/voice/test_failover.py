"""Cloud speech that fails or stalls mid-call: the offline service takes over, nothing is lost.

The failing cloud services are Pipecat's real ``OpenAITTSService``/``OpenAISTTService`` (the
OpenAI SDK underneath) talking to a stand-in of OpenAI's endpoints over httpx's wire-level mock
transport: it answers 500 like an overloaded provider, or never answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator

import httpx
import pytest
from pipecat.frames.frames import (
    Frame,
    InputAudioRawFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.services.openai.stt import OpenAISTTService
from pipecat.services.openai.tts import OpenAITTSService
from pipecat.services.stt_service import SegmentedSTTService
from pipecat.tests.utils import SleepFrame, run_test

from api.voice.control import CallInfo, Timing
from api.voice.failover import TurnAudioKeeper, with_fallback
from api.voice.processor import FrontdeskEngineProcessor
from api.voice.tts import OfflineTTSService
from tests.api.voice.conftest import MODELS_DIR
from tests.api.voice.fakes import ScriptedEngine

GREETING = "Hello, how can I help?"


def _cloud_voice(handler: httpx.MockTransport) -> OpenAITTSService:
    client = httpx.AsyncClient(transport=handler)
    return OpenAITTSService(
        api_key="sk-test", base_url="https://speech.invalid/v1", http_client=client
    )


async def _call(cloud: OpenAITTSService, timeout_s: float | None) -> tuple[list, list, list]:
    fallbacks: list[tuple[str, str]] = []
    offline_first_audio: list[float] = []
    offline = OfflineTTSService(language="en", models_dir=MODELS_DIR, timings=offline_first_audio)
    frontdesk = FrontdeskEngineProcessor(
        ScriptedEngine(),
        CallInfo("call-1", "+33612345678", "en"),
        timing=Timing(filler_delay_s=5.0, silence_reprompt_s=60.0),
        speech_timeout_s=timeout_s,
    )
    tts = with_fallback(cloud, offline, "tts", lambda role, why: fallbacks.append((role, why)))

    @tts.strategy.event_handler("on_service_switched")
    async def _switched(_strategy: object, _service: object) -> None:
        frontdesk.speech_timeout_s = None
        await frontdesk.speak_again()

    down, _ = await run_test(
        Pipeline([frontdesk, tts]), frames_to_send=[SleepFrame(20.0)], send_end_frame=True
    )
    return down, fallbacks, offline_first_audio


async def test_a_cloud_voice_answering_500_falls_over_and_the_greeting_is_spoken_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    requests: list[httpx.Request] = []

    def overloaded(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500, json={"error": {"message": "overloaded", "type": "server"}})

    caplog.set_level(logging.WARNING, logger="api.voice.failover")
    down, fallbacks, offline_audio = await _call(
        _cloud_voice(httpx.MockTransport(overloaded)), None
    )
    assert requests and requests[0].url.path == "/v1/audio/speech"
    assert [role for role, _ in fallbacks] == ["tts"]
    assert offline_audio, "the offline voice never spoke"
    assert [f for f in down if isinstance(f, TTSAudioRawFrame)]
    lines = [r.getMessage() for r in caplog.records if "voice_fallback" in r.getMessage()]
    assert lines and "role=tts" in lines[0] and "OfflineTTSService" in lines[0]
    assert "help" not in " ".join(lines)  # what was being said never reaches the log


async def test_a_cloud_voice_that_never_answers_is_failed_over_after_the_timeout() -> None:
    async def silent(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(60)
        return httpx.Response(500)

    down, fallbacks, offline_audio = await _call(_cloud_voice(httpx.MockTransport(silent)), 1.0)
    assert fallbacks == [("tts", "timeout")]
    assert offline_audio, "the offline voice never spoke"
    assert [f for f in down if isinstance(f, TTSAudioRawFrame)]


class _RecordingSTT(SegmentedSTTService):
    """The fallback STT: what it was given to hear, answered with a fixed transcript."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[bytes] = []

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        self.heard.append(audio)
        yield TranscriptionFrame("I need an appointment", "caller", "2026-11-23T09:00:00Z")


async def test_what_a_failing_cloud_stt_lost_is_heard_again_by_the_fallback() -> None:
    def overloaded(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error": {"message": "overloaded", "type": "server"}})

    cloud = OpenAISTTService(
        api_key="sk-test",
        base_url="https://speech.invalid/v1",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(overloaded)),
    )
    fallback = _RecordingSTT()
    fallbacks: list[tuple[str, str]] = []
    keeper = TurnAudioKeeper()
    stt = with_fallback(cloud, fallback, "stt", lambda role, why: fallbacks.append((role, why)))

    @stt.strategy.event_handler("on_service_switched")
    async def _switched(_strategy: object, _service: object) -> None:
        await keeper.replay()

    speech = bytes(range(256)) * 25  # 0.2 s of 16 kHz 16-bit "speech", recognisable bytes
    said = [InputAudioRawFrame(speech[i : i + 640], 16000, 1) for i in range(0, len(speech), 640)]
    down, _ = await run_test(
        Pipeline([keeper, stt]),
        frames_to_send=[
            VADUserStartedSpeakingFrame(),
            *said,
            VADUserStoppedSpeakingFrame(),
            SleepFrame(8.0),  # the SDK retries the 500s before giving up
        ],
    )
    assert [role for role, _ in fallbacks] == ["stt"]
    assert len(fallback.heard) == 1 and speech in fallback.heard[0]
    assert [f.text for f in down if isinstance(f, TranscriptionFrame)] == ["I need an appointment"]
