"""Frames of our own that travel a call's pipeline between our processors."""

from __future__ import annotations

from dataclasses import dataclass

from pipecat.frames.frames import DataFrame, SystemFrame


@dataclass
class SpeechSegmentDone(DataFrame):
    """Pushed by our STT after each speech segment it transcribed (with or without words).

    The engine processor counts segments still being transcribed, so a caller's turn that the
    turn detector closed early (a slow transcription, a timeout) is answered whole, once its
    last segment is in, instead of in two halves.
    """


@dataclass
class CallerTurnEnded(DataFrame):
    """Queued behind the turn's transcripts when the caller's turn ends.

    ``UserStoppedSpeakingFrame`` is a system frame and overtakes the transcripts waiting in
    the engine processor's queue; this data frame follows them, so the whole turn is heard.
    """


@dataclass
class CallerWordsHeard(SystemFrame):
    """Sent upstream by the engine processor when a transcript of the caller's words arrives.

    The audio kept for a fallback STT (``failover.TurnAudioKeeper``) is then no longer needed.
    """
