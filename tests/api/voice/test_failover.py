"""A cloud voice that fails or stalls mid-call: the offline voice takes over, nothing is lost.

The failing cloud service is Pipecat's real ``OpenAITTSService`` (the OpenAI SDK underneath)
talking to a stand-in of OpenAI's speech endpoint over httpx's wire-level mock transport: one
answers 500 like an overloaded provider, the other never answers.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from pipecat.frames.frames import TTSAudioRawFrame
from pipecat.pipeline.pipeline import Pipeline
from pipecat.services.openai.tts import OpenAITTSService
from pipecat.tests.utils import SleepFrame, run_test

from api.voice.control import CallInfo, Timing
from api.voice.failover import with_fallback
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
