"""Offline speech-to-text: Pipecat's Whisper service on the shared Whisper base model, beam 5.

The stock ``WhisperSTTService`` loads its own model per instance (one per call) and decodes
with beam 5 and temperature fallback, which took 6-16 s on audio it could not read. This
subclass shares the process's one model and decodes without that fallback, each utterance in
a window of its own length and a token budget per second (``offline.DECODE_OPTIONS``),
always in the call's language, in a worker thread. When the line does not fix the language,
Whisper's language detection picks French or English on the caller's first utterance, which is
then transcribed in that language (the engine switches the conversation on the words it reads).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

from pipecat.frames.frames import ErrorFrame, Frame, TranscriptionFrame
from pipecat.services.settings import STTSettings
from pipecat.services.whisper.stt import WhisperSTTService
from pipecat.transcriptions.language import Language as PipecatLanguage
from pipecat.utils.time import time_now_iso8601

from api.voice import offline
from api.voice.frames import SpeechSegmentDone

log = logging.getLogger(__name__)

_LANGUAGES: dict[str, offline.Language] = {"fr": "fr", "en": "en"}


class OfflineWhisperSTTService(WhisperSTTService):
    """Whisper base, shared by every call of the process, greedy decoding.

    Args:
        models_dir: where the model is assembled (``Settings.resolved_voice_models_dir``).
        language: the call's language ("fr" or "en").
        detect_language: detect French/English on the first utterance (the line does not
            say which language the caller speaks).
        timings: if given, each transcription's seconds are appended (benchmarks).
    """

    def __init__(
        self,
        *,
        models_dir: Path,
        language: offline.Language,
        detect_language: bool = False,
        timings: list[float] | None = None,
        **kwargs: Any,
    ) -> None:
        self._models_dir = Path(models_dir)
        self._timings = timings
        self._detect = detect_language
        super().__init__(
            settings=WhisperSTTService.Settings(
                model=str(offline.whisper_base_dir(self._models_dir)),
                language=PipecatLanguage(language),
                no_speech_prob=0.6,
            ),
            # What a CPU transcription of a few seconds can take: the turn detector waits that
            # long for a segment's words before closing the turn on what it has.
            ttfs_p99_latency=2.0,
            **kwargs,
        )

    def _load(self) -> None:
        self._model = offline.whisper_model(self._models_dir)

    def _language(self) -> offline.Language:
        code = str(getattr(self._settings, "language", None) or "en").split("-")[0].lower()
        return _LANGUAGES.get(code, "en")

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        """Transcribe one speech segment (16-bit PCM at the pipeline's input rate)."""
        if self._model is None:
            yield ErrorFrame("Whisper model not available")
            return
        await self.start_processing_metrics()
        language = self._language()
        began = time.perf_counter()
        if self._detect:
            self._detect = False
            language = await asyncio.to_thread(
                offline.detect_language, self._model, audio, self.sample_rate, language
            )
            await self._update_settings(STTSettings(language=PipecatLanguage(language)))
            log.info("caller's language detected: %s", language)
        hearing = await asyncio.to_thread(
            offline.hear, self._model, audio, self.sample_rate, language
        )
        if self._timings is not None:
            self._timings.append(time.perf_counter() - began)
        await self.stop_processing_metrics()
        if hearing.text:
            await self._handle_transcription(hearing.text, True, PipecatLanguage(language))
            # ``result`` carries the other hearings on to the call's processor.
            yield TranscriptionFrame(
                hearing.text,
                self._user_id,
                time_now_iso8601(),
                PipecatLanguage(language),
                result=hearing,
            )
        yield SpeechSegmentDone()
