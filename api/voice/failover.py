"""Cloud speech that fails mid-call falls over to the offline one, and the call goes on.

A cloud STT or TTS (Deepgram, OpenAI, Cartesia, ElevenLabs) sits in Pipecat's
``ServiceSwitcher`` with the offline service behind it. Pipecat's own failover strategy only
moves on once a service declares itself unusable; a provider answering 5xx, refusing the
connection or timing out reports an error and stays "usable", so the caller would hear nothing.
``FailoverOnError`` moves to the next service on any error of the active one and stays there
for the rest of the call (the next call tries the cloud service again). A reply that the failed
voice did not finish is spoken again from its start by the offline voice
(``FrontdeskEngineProcessor.speak_again``), and a voice that has not started speaking within
``FRONTDESK_VOICE_SERVICE_TIMEOUT_S`` counts as failed. What the caller said that the failed
STT never transcribed is kept (``TurnAudioKeeper``) and heard again by the offline STT.

Every fallback is one log line and one metric, without patient data: the role, the two service
classes and the kind of error, never its message (a provider's message can quote the text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pipecat.frames.frames import (
    ErrorFrame,
    Frame,
    InputAudioRawFrame,
    ServiceSwitcherFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.service_switcher import ServiceSwitcher, ServiceSwitcherStrategyManual
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from api.voice.frames import CallerWordsHeard

log = logging.getLogger(__name__)

Role = Literal["stt", "tts"]
OnFallback = Callable[[Role, str], None]
"""Called with (role, reason) after each fallback (metrics)."""


@dataclass
class ServiceStalledFrame(ServiceSwitcherFrame):
    """The active service did not answer in time: fall over as if it had failed."""


def _kind(service: FrameProcessor) -> str:
    return type(service).__name__


class FailoverOnError(ServiceSwitcherStrategyManual):
    """Switch to the next service on any error of the active one (see the module docstring)."""

    role: Role = "stt"
    on_fallback: OnFallback | None = None

    async def handle_frame(
        self, frame: ServiceSwitcherFrame, direction: FrameDirection
    ) -> FrameProcessor | None:
        """A stalled service is failed over like one that reported an error."""
        if isinstance(frame, ServiceStalledFrame):
            return await self.fall_over("timeout")
        return await super().handle_frame(frame, direction)

    async def handle_error(self, error: ErrorFrame) -> FrameProcessor | None:
        """Fall over from the failed active service to the next one, if there is one."""
        failed = error.processor or self._active_service
        if failed is not self._active_service:
            return None
        reason = type(error.exception).__name__ if error.exception else "error"
        return await self.fall_over(reason)

    async def fall_over(self, reason: str) -> FrameProcessor | None:
        """Make the next service active (None when the active one is the last)."""
        failed = self._active_service
        index = self._services.index(failed)
        for candidate in self._services[index + 1 :]:
            if candidate.is_usable and await self._set_active_if_available(candidate):
                log.warning(
                    "voice_fallback role=%s from=%s to=%s reason=%s",
                    self.role,
                    _kind(failed),
                    _kind(candidate),
                    reason,
                )
                if self.on_fallback is not None:
                    self.on_fallback(self.role, reason)
                return candidate
        return None


def with_fallback(
    primary: FrameProcessor, fallback: FrameProcessor, role: Role, on_fallback: OnFallback | None
) -> ServiceSwitcher[FailoverOnError]:
    """``primary`` used until it fails, then ``fallback`` for the rest of the call."""
    switcher: ServiceSwitcher[FailoverOnError] = ServiceSwitcher(
        [primary, fallback], strategy_type=FailoverOnError
    )
    switcher.strategy.role = role
    switcher.strategy.on_fallback = on_fallback
    return switcher


class TurnAudioKeeper(FrameProcessor):
    """Keeps the caller's speech segments until their words are heard, for a fallback STT.

    Sits between the VAD and the STT switcher. Each segment's audio (VAD start to stop) is kept
    until the engine processor reports a transcript (``CallerWordsHeard``, upstream); when the
    STT falls over, ``replay`` sends the segments nobody transcribed to the new STT, framed by
    the same VAD events, so the offline STT hears them as if they were just said.
    """

    MAX_FRAMES = 1500
    """About 30 s of 20 ms frames: a caller's turn, not a whole call."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._segments: list[list[InputAudioRawFrame]] = []
        self._speaking = False

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Keep the speech that passes; forget it once heard; pass every frame on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, CallerWordsHeard):
            self._segments.clear()
            return
        if isinstance(frame, VADUserStartedSpeakingFrame):
            self._speaking = True
            self._segments.append([])
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self._speaking = False
        elif isinstance(frame, InputAudioRawFrame) and self._speaking and self._has_room():
            self._segments[-1].append(frame)
        await self.push_frame(frame, direction)

    def _has_room(self) -> bool:
        return bool(self._segments) and sum(map(len, self._segments)) < self.MAX_FRAMES

    async def replay(self) -> None:
        """Send the segments no STT transcribed to the (new) STT, then forget them."""
        segments, self._segments = [s for s in self._segments if s], []
        if self._speaking:  # the segment still being spoken carries on live
            segments = segments[:-1]
        for segment in segments:
            await self.push_frame(VADUserStartedSpeakingFrame())
            for audio in segment:
                await self.push_frame(audio)
            await self.push_frame(VADUserStoppedSpeakingFrame())
