"""Offline text-to-speech: Piper "joe" in English, Kokoro reading espeak-ng's phonemes in French
(or espeak-ng itself; see docs/voice.md), one sentence at a time so the first words leave early.

Synthesis runs in a worker thread; the voices are loaded once per process.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
from pipecat.frames.frames import ErrorFrame, Frame, TTSStoppedFrame
from pipecat.services.settings import TTSSettings
from pipecat.services.tts_service import TTSService
from pipecat.transcriptions.language import Language as PipecatLanguage

from api.voice import offline

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (the unit synthesized and sent at once)."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


VOICE_RATE = 22050
"""Audio leaves at 22.05 kHz (Piper's and espeak-ng's rate; Kokoro's 24 kHz is resampled); the
base class resamples to the output rate."""


def _synthesize(
    text: str, language: offline.Language, models_dir: Path, french: offline.FrenchVoice
) -> bytes:
    rate, pcm = offline.synthesize(text, language, models_dir, french)
    if rate == VOICE_RATE:
        return pcm
    audio = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
    return offline.resample(audio, rate, VOICE_RATE).astype(np.int16).tobytes()


class OfflineTTSService(TTSService):
    """Piper (en) / Kokoro or espeak-ng (fr), following the call's language setting.

    Args:
        language: the call's language at the start.
        models_dir: where the offline models are assembled.
        french: the French voice.
        timings: if given, seconds to each utterance's first audio are appended (benchmarks).
    """

    def __init__(
        self,
        *,
        language: offline.Language,
        models_dir: Path,
        french: offline.FrenchVoice = "kokoro",
        timings: list[float] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            push_start_frame=True,
            # Stop frames are ours: the base class's idle timer (3 s) closed the context before
            # a slow first synthesis (model load, busy CPU) had produced any audio.
            push_stop_frames=False,
            # The audio context waits this long for the first audio of a busy machine.
            stop_frame_timeout_s=20.0,
            settings=TTSSettings(model=None, voice=None, language=PipecatLanguage(language)),
            **kwargs,
        )
        self._timings = timings
        self._models_dir = Path(models_dir)
        self._french: offline.FrenchVoice = french

    def can_generate_metrics(self) -> bool:
        """Processing metrics are reported."""
        return True

    def language_to_service_language(self, language: PipecatLanguage) -> str | None:
        """Pipecat's language as ours ("fr" or "en")."""
        code = str(language.value if isinstance(language, PipecatLanguage) else language)
        return "fr" if code.lower().startswith("fr") else "en"

    def _language(self) -> offline.Language:
        code = str(self._settings.language or "en").lower()
        return "fr" if code.startswith("fr") else "en"

    async def run_tts(self, text: str, context_id: str) -> AsyncGenerator[Frame, None]:
        """Synthesize ``text`` sentence by sentence and stream the audio."""
        language = self._language()
        began = time.perf_counter()
        first = True

        async def chunks() -> AsyncIterator[bytes]:
            nonlocal first
            for sentence in sentences(text):
                pcm = await asyncio.to_thread(
                    _synthesize, sentence, language, self._models_dir, self._french
                )
                if first and self._timings is not None:
                    self._timings.append(time.perf_counter() - began)
                first = False
                yield pcm

        try:
            await self.start_ttfb_metrics()
            async for frame in self._stream_audio_frames_from_iterator(
                chunks(), in_sample_rate=VOICE_RATE, context_id=context_id
            ):
                await self.stop_ttfb_metrics()
                yield frame
        except Exception as exc:
            yield ErrorFrame(error=f"offline TTS failed: {type(exc).__name__}")
        finally:
            yield TTSStoppedFrame(context_id=context_id)
