"""``frontdesk eval --channel voice``: the same scenarios over a phone line, next to text.

The voice run replays every scenario with the patient's lines spoken (offline TTS), carried
over 8 kHz mu-law with background noise and transcribed (offline Whisper); the text run of
the same scenarios is the reference. Bars: voice success >= 80% of text on the booking suites,
every urgent call still detected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from api.voice.eval_channel import offline_channel
from evals.runner import RunOptions, default_engine_factory, run_scenarios
from evals.scenario import Scenario
from evals.scoring import Scores, score
from evals.voice import compare, missed_bars, voice_engine_factory

VOICE_TURN_TIMEOUT_S = 300.0


def voice_options(options: RunOptions, snr_db: float | None) -> tuple[RunOptions, RunOptions]:
    """(text reference options, voice options) from the command's options."""
    inner = options.engine_factory or default_engine_factory(options.settings)
    channel = offline_channel(options.settings, snr_db)
    # A voice turn also speaks and transcribes the line: it gets minutes, not the text limit.
    settings = options.settings
    if settings.eval_turn_timeout_s is None:
        settings = settings.model_copy(update={"eval_turn_timeout_s": VOICE_TURN_TIMEOUT_S})
    voice = dataclasses.replace(
        options, settings=settings, engine_factory=voice_engine_factory(inner, channel)
    )
    return options, voice


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def compare_with_text(
    scenarios: Sequence[Scenario], text_options: RunOptions, voice: Scores, console: Console
) -> list[str]:
    """Replay the text reference, print success per suite side by side, return missed bars."""
    text = score(run_scenarios(scenarios, text_options))
    rows = compare(text, voice)
    table = Table(title="voice vs text, task success by suite")
    for column in ("suite", "runs", "text", "voice", "voice / text"):
        table.add_column(column, justify="left" if column == "suite" else "right")
    for row in rows:
        table.add_row(row.category, str(row.runs), _pct(row.text), _pct(row.voice), _pct(row.ratio))
    table.add_row("all", str(voice.runs), _pct(text.success), _pct(voice.success), "")
    table.add_row("urgency recall", "", _pct(text.urgency_recall), _pct(voice.urgency_recall), "")
    console.print(table)
    return missed_bars(rows, voice)
