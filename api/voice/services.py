"""The speech services of a call, chosen by settings: offline by default, cloud with keys.

Cloud services are Pipecat's own classes (Deepgram / OpenAI STT; Cartesia, ElevenLabs, OpenAI
TTS), imported only when chosen so an offline install never needs their SDKs. A cloud choice
without its key is a configuration error reported at call set-up, never a silent fallback.
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from agent.settings import Settings
from api.voice.offline import Language


class VoiceConfigurationError(ValueError):
    """The configured speech service cannot be built (missing key or package)."""


def _key(value: SecretStr | None, name: str) -> str:
    if value is None or not value.get_secret_value():
        raise VoiceConfigurationError(f"{name} is not set")
    return value.get_secret_value()


def _pipecat_language(language: Language) -> Any:
    from pipecat.transcriptions.language import Language as PipecatLanguage

    return PipecatLanguage(language)


def build_stt(settings: Settings, language: Language, **kwargs: Any) -> Any:
    """The speech-to-text service of one call."""
    if settings.voice_stt == "deepgram":
        from pipecat.services.deepgram.stt import DeepgramSTTService

        return DeepgramSTTService(
            api_key=_key(settings.deepgram_api_key, "FRONTDESK_DEEPGRAM_API_KEY"),
            settings=DeepgramSTTService.Settings(language=_pipecat_language(language)),
        )
    if settings.voice_stt == "openai":
        from pipecat.services.openai.stt import OpenAISTTService

        return OpenAISTTService(
            api_key=_key(settings.openai_api_key, "FRONTDESK_OPENAI_API_KEY"),
            base_url=settings.openai_base_url,
            settings=OpenAISTTService.Settings(language=_pipecat_language(language)),
        )
    from api.voice.stt import OfflineWhisperSTTService

    return OfflineWhisperSTTService(
        models_dir=settings.resolved_voice_models_dir, language=language, **kwargs
    )


def build_tts(settings: Settings, language: Language, **kwargs: Any) -> Any:
    """The text-to-speech service of one call."""
    if settings.voice_tts == "cartesia":
        from pipecat.services.cartesia.tts import CartesiaTTSService

        voice = settings.cartesia_voice_fr if language == "fr" else settings.cartesia_voice_en
        return CartesiaTTSService(
            api_key=_key(settings.cartesia_api_key, "FRONTDESK_CARTESIA_API_KEY"),
            settings=CartesiaTTSService.Settings(voice=voice, language=_pipecat_language(language)),
        )
    if settings.voice_tts == "elevenlabs":
        from pipecat.services.elevenlabs.tts import ElevenLabsTTSService

        return ElevenLabsTTSService(
            api_key=_key(settings.elevenlabs_api_key, "FRONTDESK_ELEVENLABS_API_KEY"),
            settings=ElevenLabsTTSService.Settings(
                voice=settings.elevenlabs_voice_id, language=_pipecat_language(language)
            ),
        )
    if settings.voice_tts == "openai":
        from pipecat.services.openai.tts import OpenAITTSService

        return OpenAITTSService(
            api_key=_key(settings.openai_api_key, "FRONTDESK_OPENAI_API_KEY"),
            base_url=settings.openai_base_url,
        )
    from api.voice.tts import OfflineTTSService

    return OfflineTTSService(
        language=language,
        models_dir=settings.resolved_voice_models_dir,
        french=settings.voice_french_voice,
        **kwargs,
    )
