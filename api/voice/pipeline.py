"""One Pipecat pipeline per call, whatever the transport.

transport in -> Silero VAD -> STT -> smart end-of-turn (LocalSmartTurnAnalyzerV3, after the STT
so it can wait for the final transcript) -> our engine processor -> TTS -> transport out.

The turn processor sits after the STT because its stop strategy waits for the segment's
transcript: the ``UserStoppedSpeakingFrame`` it emits then reaches the engine processor after
every transcript of the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pipecat.audio.vad.silero import SileroVADAnalyzer
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.worker import PipelineParams, PipelineWorker
from pipecat.processors.audio.vad_processor import VADProcessor
from pipecat.turns.user_start import VADUserTurnStartStrategy
from pipecat.turns.user_turn_processor import UserTurnProcessor
from pipecat.turns.user_turn_strategies import UserTurnStrategies
from pipecat.workers.runner import WorkerRunner

from agent.settings import Settings
from api.voice.control import CallControl, CallInfo, Language, Timing
from api.voice.failover import OnFallback, TurnAudioKeeper, with_fallback
from api.voice.processor import FrontdeskEngineProcessor, TurnEngine
from api.voice.services import build_stt, build_tts


@dataclass
class SpeechTimings:
    """Seconds spent in speech per call (benchmarks): transcriptions and TTS first audio."""

    stt: list[float] = field(default_factory=list)
    tts_first_audio: list[float] = field(default_factory=list)


@dataclass
class Call:
    """A call's running parts: the worker to run and the processor to observe."""

    worker: PipelineWorker
    frontdesk: FrontdeskEngineProcessor
    language: Language


def timing(settings: Settings) -> Timing:
    """The call-handling delays configured in ``settings``."""
    return Timing(
        filler_delay_s=settings.voice_filler_delay_s,
        silence_reprompt_s=settings.voice_silence_reprompt_s,
        keypad_pause_s=settings.voice_keypad_pause_s,
    )


def build_call(
    transport: Any,
    engine: TurnEngine,
    settings: Settings,
    call: CallInfo,
    *,
    default_language: Language,
    sample_rate: int,
    control: CallControl | None = None,
    timings: SpeechTimings | None = None,
    on_fallback: OnFallback | None = None,
) -> Call:
    """Assemble the pipeline of one call on ``transport``.

    Args:
        transport: a Pipecat transport (telephony WebSocket, SmallWebRTC, Daily).
        engine: the process's engine.
        settings: speech services and delays.
        call: conversation id, caller and language.
        default_language: the practice's language when the call does not say.
        sample_rate: the transport's audio rate (8000 for phone lines).
        control: transfers to the staff line (None: handoffs stay queued).
        timings: collects STT/TTS seconds when given (benchmarks).
        on_fallback: told of each fall-over from a cloud speech service (metrics).
    """
    call_language_unknown = call.language is None
    language: Language = call.language or default_language
    call = replace(call, language=language)
    speech: dict[str, Any] = {}
    if settings.voice_stt == "whisper":
        # A line that does not say its language (no ?lang=) hears the caller's first words.
        speech["detect_language"] = call_language_unknown and settings.voice_detect_language
        if timings is not None:
            speech["timings"] = timings.stt
    stt = build_stt(settings, language, **speech)
    voice: dict[str, Any] = {}
    if timings is not None and settings.voice_tts == "offline":
        voice["timings"] = timings.tts_first_audio
    tts = build_tts(settings, language, **voice)
    cloud_tts = settings.voice_fallback and settings.voice_tts != "offline"
    frontdesk = FrontdeskEngineProcessor(
        engine,
        call,
        timing=timing(settings),
        control=control,
        counts_segments=settings.voice_stt == "whisper",
        speech_timeout_s=settings.voice_service_timeout_s if cloud_tts else None,
    )
    keeper: list[TurnAudioKeeper] = []
    if settings.voice_fallback and settings.voice_stt != "whisper":
        offline_stt = build_stt(settings.model_copy(update={"voice_stt": "whisper"}), language)
        stt = with_fallback(stt, offline_stt, "stt", on_fallback)
        keeper.append(TurnAudioKeeper())

        @stt.strategy.event_handler("on_service_switched")
        async def _stt_changed(_strategy: object, _service: object) -> None:
            await keeper[0].replay()  # what the failed STT lost is heard again

    if cloud_tts:
        offline_tts = build_tts(settings.model_copy(update={"voice_tts": "offline"}), language)
        tts = with_fallback(tts, offline_tts, "tts", on_fallback)

        @tts.strategy.event_handler("on_service_switched")
        async def _voice_changed(_strategy: object, _service: object) -> None:
            frontdesk.speech_timeout_s = None  # the offline voice is the last one
            await frontdesk.speak_again()

    pipeline = Pipeline(
        [
            transport.input(),
            VADProcessor(vad_analyzer=SileroVADAnalyzer()),
            *keeper,
            stt,
            # Turns start on voice only: a late transcript must not open a turn of its own.
            UserTurnProcessor(
                user_turn_strategies=UserTurnStrategies(start=[VADUserTurnStartStrategy()])
            ),
            frontdesk,
            tts,
            transport.output(),
        ]
    )
    worker = PipelineWorker(
        pipeline,
        params=PipelineParams(
            audio_in_sample_rate=sample_rate,
            audio_out_sample_rate=sample_rate,
            enable_metrics=True,
        ),
        idle_timeout_secs=settings.voice_max_call_s,
        enable_rtvi=False,
    )
    return Call(worker=worker, frontdesk=frontdesk, language=language)


def fallback_counter(app: Any) -> OnFallback | None:
    """The app's metric of speech fall-overs (None for an app without metrics)."""
    metrics = getattr(app.state, "metrics", None)
    return getattr(metrics, "on_voice_fallback", None)


async def run_call(call: Call) -> None:
    """Run a call to its end (hang-up, goodbye, transfer) inside the web server's loop."""
    runner = WorkerRunner(handle_sigint=False, force_gc=False)
    await runner.add_workers(call.worker)
    await runner.run()
