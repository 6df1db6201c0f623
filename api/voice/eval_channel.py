"""The offline speech of ``api.voice`` as the eval runner's phone line (``--channel voice``).

The same models and decoding options as a live call: Piper (en) / Kokoro (fr) speak the
patient's lines, Whisper base (beam 5, language given) hears them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent.settings import Settings
from api.voice import offline
from api.voice.speakable import heard
from evals.voice import VoiceChannel
from graphs.events import Heard


def offline_channel(settings: Settings, snr_db: float | None) -> Callable[[], VoiceChannel]:
    """A builder of the offline phone line (called in each eval worker process)."""
    models_dir = Path(settings.resolved_voice_models_dir)
    offline.whisper_base_dir(models_dir)  # assemble once in the parent, load in the workers

    def build() -> VoiceChannel:
        model = offline.whisper_model(models_dir)

        def hear(pcm16: bytes, rate: int, language: offline.Language) -> tuple[str, Heard]:
            # What a live call's processor gives the engine (``FrontdeskEngineProcessor``).
            hearing = offline.hear(model, pcm16, rate, language)
            others = [heard(other) for other in hearing.alternatives]
            return heard(hearing.text), Heard(alternatives=others, unclear=hearing.unclear)

        def speak(text: str, language: offline.Language) -> tuple[int, bytes]:
            return offline.synthesize(text, language, models_dir, settings.voice_french_voice)

        return VoiceChannel(speak=speak, hear=hear, snr_db=snr_db)

    return build
