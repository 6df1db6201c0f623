"""The voice channel of the evals: every patient line is spoken, carried over a phone line and
transcribed before the same engine reads it.

The speech models are injected (``Speak``/``Hear``; the CLI passes the offline Piper/espeak-ng
and Whisper of ``api.voice``), so this module only knows the channel: text -> speech ->
8 kHz mu-law with background noise at a set SNR -> text. Scores are then compared with the
text channel suite by suite, against the bars of the voice issue.
"""

from __future__ import annotations

import asyncio
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from agent.replies.dates import MONTHS
from evals.patients import KEYS
from evals.replay import EngineFactory
from evals.scoring import Scores
from evals.telephone import PHONE_RATE, phone_line
from graphs.events import Heard, TurnResult
from graphs.keypad import entry_text

Language = Literal["fr", "en"]
Speak = Callable[[str, Language], tuple[int, bytes]]
"""Text to speech: (sample rate, 16-bit mono PCM). Blocking; run in a thread."""
Hear = Callable[[bytes, int, Language], tuple[str, Heard]]
"""Speech (16-bit mono PCM, rate) to text, and how it was heard. Blocking; run in a thread."""

BOOKING_SUITES = ("booking", "changes")
"""Categories held to the booking bar (voice success >= 80% of text success)."""
BOOKING_BAR = 0.8


_WRITTEN_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_FRENCH_CLOCK = re.compile(r"\b([01]?\d|2[0-3])h([0-5]\d)?\b")


def as_spoken(text: str, language: Language) -> str:
    """A patient's typed line as a caller says it: "29/02/1948" -> "29 février 1948",
    "14h40" -> "14 heures 40".

    Nobody says "slash" on the phone, nor the letter h in a time ("quatorze ache quarante" is
    how espeak-ng reads "14h40"); a TTS reading the typed form would test the TTS's reading
    of punctuation, not our pipeline.
    """

    def say(match: re.Match[str]) -> str:
        day, month, year = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return match.group(0)
        return f"{day} {MONTHS[language][month - 1]} {year}"

    def clock(match: re.Match[str]) -> str:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        said = f"{hours} heure{'s' if hours > 1 else ''}"
        return f"{said} {minutes}" if minutes else said

    spoken = _WRITTEN_DATE.sub(say, text)
    return _FRENCH_CLOCK.sub(clock, spoken) if language == "fr" else spoken


@dataclass
class VoiceChannel:
    """A phone line between the simulated patient and the engine."""

    speak: Speak
    hear: Hear
    snr_db: float | None = 20.0
    heard: list[tuple[str, str]] = field(default_factory=list)
    """(said, heard) of every line carried, for reports and debugging."""

    def carry(self, text: str, language: Language) -> tuple[str, Heard]:
        """What the engine hears when the patient says ``text``, and how it was heard."""
        if not text.strip():
            return text, Heard()
        rate, pcm = self.speak(as_spoken(text, language), language)
        seed = zlib.crc32(text.encode())  # the same line always meets the same noise
        line = phone_line(pcm, rate, snr_db=self.snr_db, seed=seed)
        result, hearing = self.hear(line, PHONE_RATE, language)
        self.heard.append((text, result))
        return result, hearing


class VoiceEngine:
    """An engine whose patient turns arrive through a ``VoiceChannel``."""

    def __init__(self, inner: Any, channel: VoiceChannel) -> None:
        self._inner = inner
        self._channel = channel
        self._languages: dict[str, Language] = {}
        self._expecting: dict[str, str | None] = {}
        self._heard: dict[str, str] = {}

    async def start(self, conversation_id: str, **kwargs: Any) -> TurnResult:
        """Open the call (the greeting is the agent's, nothing to carry) as a phone call is:
        on the voice channel with a keypad, so the engine reads transcripts as a live call's."""
        kwargs.setdefault("channel", "voice")
        kwargs.setdefault("keypad", True)  # a phone line: the caller has a keypad
        result: TurnResult = await self._inner.start(conversation_id, **kwargs)
        self._languages[conversation_id] = result.language
        self._expecting[conversation_id] = result.expecting
        return result

    async def turn(self, conversation_id: str, text: str) -> TurnResult:
        """Carry the patient's line over the phone, then give the engine what it heard (keys
        typed on the keypad arrive exact: the digits, as the call's processor passes an
        entry ended by the hash key)."""
        language = self._languages.get(conversation_id, "en")
        hearing: Heard | None = None
        if text.startswith(KEYS):
            keys = text.removeprefix(KEYS).rstrip("#")
            heard = entry_text(keys, language, self._expecting.get(conversation_id))
        else:
            heard, hearing = await asyncio.to_thread(self._channel.carry, text, language)
        self._heard[conversation_id] = heard
        result: TurnResult = await self._inner.turn(conversation_id, heard, heard=hearing)
        self._languages[conversation_id] = result.language
        self._expecting[conversation_id] = result.expecting
        return result

    def last_heard(self, conversation_id: str) -> str | None:
        """What the engine read of the conversation's last patient line."""
        return self._heard.get(conversation_id)


def voice_engine_factory(
    inner: EngineFactory, channel: Callable[[], VoiceChannel]
) -> EngineFactory:
    """Wrap an engine factory so every engine it builds hears through a phone line.

    ``channel`` builds the channel in the worker process (speech models load there, never
    in the parent before a fork).
    """
    built: list[VoiceChannel] = []

    def make(*args: Any) -> VoiceEngine:
        if not built:
            built.append(channel())
        return VoiceEngine(inner(*args), built[0])

    return make


@dataclass
class SuiteComparison:
    """Task success of one category by text and by voice."""

    category: str
    runs: int
    text: float | None
    voice: float | None

    @property
    def ratio(self) -> float | None:
        """Voice success as a share of text success."""
        if self.text is None or self.voice is None or self.text == 0:
            return None
        return self.voice / self.text


def compare(text: Scores, voice: Scores) -> list[SuiteComparison]:
    """Success per category, text next to voice."""
    rows = []
    for name, part in voice.by_category.items():
        reference = text.by_category.get(name)
        rows.append(
            SuiteComparison(
                category=name,
                runs=part.runs,
                text=reference.success if reference else None,
                voice=part.success,
            )
        )
    return rows


def missed_bars(rows: list[SuiteComparison], voice: Scores) -> list[str]:
    """The voice issue's bars that were missed (empty when all hold)."""
    misses = []
    for row in rows:
        ratio = row.ratio
        if row.category in BOOKING_SUITES and ratio is not None and ratio < BOOKING_BAR:
            misses.append(
                f"{row.category}: voice success is {ratio:.0%} of text (bar {BOOKING_BAR:.0%})"
            )
    if voice.urgency_recall is not None and voice.urgency_recall < 1.0:
        misses.append(f"urgent calls detected by voice: {voice.urgency_recall:.0%} (bar 100%)")
    return misses
