"""The voice channel of the evals: lines spoken, carried over a phone line, transcribed."""

from __future__ import annotations

import re

import numpy as np

from evals.loader import SUITES_DIR, load_paths
from evals.patients import KEYS
from evals.runner import RunOptions, default_engine_factory, run_scenarios
from evals.scoring import Breakdown, Scores, score
from evals.voice import VoiceChannel, as_spoken, compare, missed_bars, voice_engine_factory
from graphs.events import Heard

TONE = (np.sin(np.arange(22050) / 7) * 8000).astype(np.int16).tobytes()


def _deaf_channel() -> VoiceChannel:
    """A line that loses every word: the patient is heard saying "hmm"."""
    return VoiceChannel(
        speak=lambda text, language: (22050, TONE), hear=lambda *_: ("hmm", Heard())
    )


def _picked(*ids: str):
    scenarios = [s for s in load_paths([SUITES_DIR]).scenarios if s.id in ids]
    assert len(scenarios) == len(ids)
    return scenarios


def test_the_engine_hears_what_came_out_of_the_line_not_what_was_said() -> None:
    channel = _deaf_channel()
    options = RunOptions(workers=1)
    options.engine_factory = voice_engine_factory(
        default_engine_factory(options.settings), lambda: channel
    )
    [result] = run_scenarios(_picked("redflag-chest-pain-self-en"), options)
    assert not result.passed  # "hmm" is no emergency
    said = [t.text for t in result.transcript if t.role == "patient"]
    assert [s for s, _ in channel.heard] == said
    assert {h for _, h in channel.heard} == {"hmm"}
    # The report keeps what the engine read of each line next to what was said.
    assert [t.heard for t in result.transcript if t.role == "patient"] == ["hmm"] * len(said)


def test_a_text_replay_records_nothing_heard() -> None:
    [result] = run_scenarios(_picked("redflag-chest-pain-self-en"), RunOptions(workers=1))
    assert all(t.heard is None for t in result.transcript)


def _scores(success: dict[str, float], recall: float | None) -> Scores:
    base = score([])
    return base.model_copy(
        update={
            "urgency_recall": recall,
            "by_category": {
                k: Breakdown(runs=10, passed=round(10 * v), success=v) for k, v in success.items()
            },
        }
    )


def test_bars_voice_keeps_80_percent_of_booking_and_every_emergency() -> None:
    text = _scores({"booking": 1.0, "changes": 0.9, "billing": 1.0}, 1.0)
    good = _scores({"booking": 0.8, "changes": 0.9, "billing": 0.2}, 1.0)
    assert missed_bars(compare(text, good), good) == []
    bad = _scores({"booking": 0.7, "changes": 0.9, "billing": 1.0}, 0.9)
    misses = missed_bars(compare(text, bad), bad)
    assert len(misses) == 2 and misses[0].startswith("booking")


def test_an_english_chest_pain_call_is_still_an_emergency_over_the_offline_phone_line() -> None:
    from agent.settings import Settings
    from api.cli.voice_eval import VOICE_TURN_TIMEOUT_S
    from api.voice.eval_channel import offline_channel
    from tests.api.voice.conftest import MODELS_DIR

    # The turn limit of `frontdesk eval --channel voice`: speech on a loaded machine is slow.
    settings = Settings(voice_models_dir=MODELS_DIR, eval_turn_timeout_s=VOICE_TURN_TIMEOUT_S)
    options = RunOptions(workers=1, settings=settings)
    options.engine_factory = voice_engine_factory(
        default_engine_factory(options.settings), offline_channel(options.settings, 20.0)
    )
    [result] = run_scenarios(_picked("redflag-chest-pain-self-en"), options)
    assert result.passed, result.transcript
    assert result.observed_urgency is not None and result.observed_urgency.value == "emergency"


def test_a_typed_birth_date_is_spoken_the_way_callers_say_it() -> None:
    assert as_spoken("Clément Dumas, né le 29/02/1948.", "fr") == (
        "Clément Dumas, né le 29 février 1948."
    )
    assert (
        as_spoken("Michael Brown, born 25/08/1972.", "en") == "Michael Brown, born 25 August 1972."
    )
    assert as_spoken("Room 12/40/2000 is not a date", "en") == "Room 12/40/2000 is not a date"


def test_a_typed_french_time_is_spoken_in_hours_not_the_letter_h() -> None:
    assert as_spoken("Celui de 14h40, s'il vous plaît.", "fr") == (
        "Celui de 14 heures 40, s'il vous plaît."
    )
    assert as_spoken("vers 8h00 ou 1h", "fr") == "vers 8 heures ou 1 heure"
    assert as_spoken("The 8h train", "en") == "The 8h train"


class _Mishearing(VoiceChannel):
    """A line that hears every birth year ten years late and "Fournier" as "Fouhrnier"."""

    def carry(self, text: str, language) -> tuple[str, Heard]:  # type: ignore[no-untyped-def]
        heard = re.sub(r"\b(19[0-8])(\d)\b", lambda m: f"{int(m[1]) + 1}{m[2]}", text)
        heard = as_spoken(heard, language).replace("Fournier", "Fouhrnier")
        self.heard.append((text, heard))
        return heard, Heard()


def test_a_caller_whose_birth_year_is_misheard_types_it_and_is_booked() -> None:
    channel = _Mishearing(speak=lambda *_: (8000, b""), hear=lambda *_: "")
    options = RunOptions(workers=1)
    options.engine_factory = voice_engine_factory(
        default_engine_factory(options.settings), lambda: channel
    )
    [result] = run_scenarios(_picked("book-dubois-thursday-morning-fr-3"), options)
    typed = [t.text for t in result.transcript if t.role == "patient" and t.text.startswith(KEYS)]
    assert typed == [f"{KEYS}30111986#"], result.transcript
    assert result.passed, [c for c in result.checks if not c.passed]
