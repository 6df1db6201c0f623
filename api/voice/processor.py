"""The one frontdesk processor of a call's pipeline: final transcripts in, spoken replies out.

It is thin on purpose. The engine stays the only brain and the only writer; this processor
turns the caller's finished turn (or a key press) into ``Engine.turn()`` and the engine's
reply into speech, and handles what only a phone call has: a filler when the answer is slow,
silence, read-backs and emergency instructions that a caller's voice never cuts, and the
handoff once its reply has been heard.

An engine turn runs as a task of its own, shielded from the pipeline: a caller who hangs up
mid-turn does not cancel it, so the conversation's checkpoint is written as usual (and a
booking is only ever written after a confirmation the engine already received).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable
from typing import Any, Protocol

from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    CancelFrame,
    EndFrame,
    EndWorkerFrame,
    Frame,
    InputDTMFFrame,
    InterimTranscriptionFrame,
    StartFrame,
    STTUpdateSettingsFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
    TTSUpdateSettingsFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.services.settings import STTSettings, TTSSettings
from pipecat.transcriptions.language import Language as PipecatLanguage

from api.voice.control import CallControl, CallInfo, Language, NoTransfer, Timing
from api.voice.failover import ServiceStalledFrame
from api.voice.frames import CallerTurnEnded, CallerWordsHeard, SpeechSegmentDone
from api.voice.keypad import ENTRY_PHASES, Keypad
from api.voice.phrases import phrase
from api.voice.speakable import heard, speakable
from graphs.events import MAX_ALTERNATIVES, URGENCY_QUESTION, Heard, TurnResult
from graphs.keypad import entry_text, key_meaning

log = logging.getLogger(__name__)

_OUTLIVING: set[asyncio.Future[Any]] = set()
"""Engine turns still running after their call ended (kept referenced until they finish)."""

_PIPECAT_LANGUAGE = {"fr": PipecatLanguage.FR, "en": PipecatLanguage.EN}
_QUESTION = re.compile(r"[^.!?]*\?\s*$")


class TurnEngine(Protocol):
    """The part of ``graphs.engine.Engine`` a call uses."""

    async def start(
        self,
        conversation_id: str,
        *,
        caller_phone: str | None = None,
        language: Language | None = None,
        channel: str = "text",
        keypad: bool = False,
    ) -> TurnResult: ...

    async def turn(
        self, conversation_id: str, text: str, *, heard: Heard | None = None
    ) -> TurnResult: ...


async def finish_outliving_turns() -> None:
    """Wait for engine turns of calls that already hung up (tests, shutdown)."""
    while _OUTLIVING:
        await asyncio.gather(*list(_OUTLIVING), return_exceptions=True)


def _hearing(frame: TranscriptionFrame) -> Heard:
    """How the STT service heard a transcript, when it says (``offline.Hearing`` in
    ``result``); cloud services give their best hearing only."""
    others = getattr(frame.result, "alternatives", None)
    alternatives = [o.strip() for o in others or () if isinstance(o, str) and o.strip()]
    alternatives = alternatives[:MAX_ALTERNATIVES]
    return Heard(alternatives=alternatives, unclear=getattr(frame.result, "unclear", False) is True)


def is_protected(result: TurnResult) -> bool:
    """Whether the reply must be heard whole: a read-back to confirm, or urgent instructions."""
    if result.expecting == "confirm":
        return True
    record = result.handoff_record()
    return record is not None and record.get("urgency") in ("emergency", "urgent")


class FrontdeskEngineProcessor(FrameProcessor):
    """Feeds a caller's finished turns to the engine and speaks its replies.

    Consumes ``TranscriptionFrame`` (a caller's words are never pushed on to the TTS) and
    answers on ``UserStoppedSpeakingFrame``; pushes ``TTSSpeakFrame`` replies, uninterruptible
    for read-backs and emergencies. Event ``on_turn(processor, heard, result)`` fires after each
    answer (metrics, tests).

    Args:
        engine: the process's engine.
        call: the conversation id, caller's number and language of this call.
        timing: filler and silence delays.
        control: transfers to the staff line (none for web voice).
        counts_segments: the STT pushes ``SpeechSegmentDone`` after each segment (ours does),
            so a turn closed while a segment is still being transcribed waits for it.
        speech_timeout_s: a voice that has not started speaking this long after being given
            a reply is reported stalled (``ServiceStalledFrame``: the TTS falls over).
    """

    def __init__(
        self,
        engine: TurnEngine,
        call: CallInfo,
        *,
        timing: Timing | None = None,
        control: CallControl | None = None,
        greet: bool = True,
        counts_segments: bool = False,
        speech_timeout_s: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._engine = engine
        self._call = call
        self._timing = timing or Timing()
        self._control: CallControl = control or NoTransfer()
        self._greet = greet
        self._language: Language = call.language or "en"
        self._heard: list[str] = []
        self._hearings: list[Heard] = []
        self._turns = asyncio.Lock()
        self._busy = 0
        self._last: TurnResult | None = None
        self._handoff: TurnResult | None = None
        self._after_speech: str | None = None
        self._silences = 0
        self._silence_task: asyncio.Task[None] | None = None
        self._closing = False
        self._counts_segments = counts_segments
        self._segments_pending = 0
        self._answer_when_transcribed = False
        self.speech_timeout_s = speech_timeout_s
        self._stall_task: asyncio.Task[None] | None = None
        self._unheard: list[tuple[str, bool]] = []
        self._keypad = Keypad()
        self._keypad_task: asyncio.Task[None] | None = None
        self._register_event_handler("on_turn")

    # ---- frames ---------------------------------------------------------------------------

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Route the frames a call cares about; pass everything else on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, StartFrame):
            await self.push_frame(frame, direction)
            if self._greet:
                self._spawn(self._open())
            return
        if isinstance(frame, (EndFrame, CancelFrame)):
            self._closing = True
            await self._stop_silence()
            await self._stop_stall_watch()
            await self._stop_keypad_wait()
            await self.push_frame(frame, direction)
            return
        if isinstance(frame, (TranscriptionFrame, InterimTranscriptionFrame)):
            # Consumed: the TTS further down must never read the caller's words back.
            if isinstance(frame, TranscriptionFrame) and frame.text.strip():
                self._heard.append(frame.text.strip())
                self._hearings.append(_hearing(frame))
                await self._stop_silence()
                await self.push_frame(CallerWordsHeard(), FrameDirection.UPSTREAM)
            return
        if isinstance(frame, (UserStartedSpeakingFrame, VADUserStartedSpeakingFrame)):
            self._silences = 0
            await self._stop_silence()
        elif isinstance(frame, UserStoppedSpeakingFrame):
            await self.queue_frame(CallerTurnEnded())
        elif isinstance(frame, VADUserStoppedSpeakingFrame) and self._counts_segments:
            self._segments_pending += 1
        elif isinstance(frame, CallerTurnEnded):
            if self._segments_pending > 0:
                self._answer_when_transcribed = True
            else:
                self._answer_heard()
            return
        elif isinstance(frame, SpeechSegmentDone):
            self._segments_pending = max(0, self._segments_pending - 1)
            if self._segments_pending == 0 and self._answer_when_transcribed:
                self._answer_heard()
            return
        elif isinstance(frame, InputDTMFFrame):
            await self._key(str(frame.button.value))
        elif isinstance(frame, BotStartedSpeakingFrame):
            await self._stop_silence()
            await self._stop_stall_watch()
        elif isinstance(frame, BotStoppedSpeakingFrame):
            self._unheard.clear()
            await self._speech_done()
        await self.push_frame(frame, direction)

    # ---- turns ----------------------------------------------------------------------------

    def _answer_heard(self) -> None:
        self._answer_when_transcribed = False
        if self._heard:
            said, hearings = self._heard, self._hearings
            self._heard, self._hearings = [], []
            # The turn as each segment's other hearings would make it.
            others = [
                heard(" ".join([*said[:i], other, *said[i + 1 :]]))
                for i, hearing in enumerate(hearings)
                for other in hearing.alternatives
            ]
            whole = Heard(
                alternatives=others[:MAX_ALTERNATIVES],
                unclear=any(h.unclear for h in hearings),
            )
            self._spawn(self._answer(heard(" ".join(said)), whole))

    async def _key(self, key: str) -> None:
        """A key press: an answer on its own, or one key of a typed birth date or number."""
        self._silences = 0
        await self._stop_silence()
        await self._stop_keypad_wait()
        expecting = self._expecting()
        if not self._keypad.keys and expecting not in ENTRY_PHASES:
            said = key_meaning(key, self._language, expecting)
            if said is not None:
                self._spawn(self._answer(said))
            return
        entry = self._keypad.press(key)
        if entry is not None:
            self._spawn(self._answer(entry_text(entry, self._language, expecting)))
        elif self._keypad.keys:
            self._keypad_task = self.create_task(self._keypad_wait())

    def _expecting(self) -> str | None:
        """The answer the agent's last reply waits for (a phase), if any."""
        return self._last.expecting if self._last is not None else None

    async def _keypad_wait(self) -> None:
        # A pause ends an entry too: not every caller knows to press the hash key.
        await asyncio.sleep(self._timing.keypad_pause_s)
        self._keypad_task = None
        entry = self._keypad.finish()
        if entry is not None:
            self._spawn(self._answer(entry_text(entry, self._language, self._expecting())))

    async def _stop_keypad_wait(self) -> None:
        task, self._keypad_task = self._keypad_task, None
        if task is not None and task is not asyncio.current_task():
            await self.cancel_task(task)

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        self.create_task(coroutine)  # type: ignore[arg-type]

    async def _open(self) -> None:
        async with self._turns:
            result = await self._engine_call(
                self._engine.start(
                    self._call.conversation_id,
                    caller_phone=self._call.caller_phone,
                    language=self._call.language,
                    channel=self._call.channel,
                    keypad=self._call.keypad,
                ),
                filler=False,
            )
            await self._reply("", result)

    async def _answer(self, text: str, hearing: Heard | None = None) -> None:
        async with self._turns:
            result = await self._engine_call(
                self._engine.turn(self._call.conversation_id, text, heard=hearing), filler=True
            )
            await self._reply(text, result)

    async def _engine_call(self, call: Awaitable[TurnResult], *, filler: bool) -> TurnResult:
        turn = asyncio.ensure_future(call)
        _OUTLIVING.add(turn)
        turn.add_done_callback(_OUTLIVING.discard)
        self._busy += 1
        try:
            if filler:
                done, _ = await asyncio.wait({turn}, timeout=self._timing.filler_delay_s)
                if not done:
                    await self._say(phrase("filler", self._language), protected=False)
            # Shielded: if the caller hangs up now, the pipeline's cancel stops this wait,
            # never the engine turn, which finishes and checkpoints on its own.
            return await asyncio.shield(turn)
        finally:
            self._busy -= 1

    async def _reply(self, text: str, result: TurnResult) -> None:
        self._last = result
        if result.language != self._language:
            await self._switch_language(result.language)
        await self._say(speakable(result.reply, self._language), protected=is_protected(result))
        if result.handoff_record() is not None:
            self._handoff = result  # what the transfer briefs the staff with
        if result.handed_off and result.expecting == URGENCY_QUESTION:
            # The handoff asked the one question that tells it from an emergency: the transfer
            # waits for the answer (or a silence), which may make it an emergency.
            self._after_speech = None
        elif result.handed_off:
            self._after_speech = "handoff"
        elif result.ended:
            self._after_speech = "end"
        await self._call_event_handler("on_turn", text, result)

    async def _switch_language(self, language: Language) -> None:
        self._language = language
        spoken = _PIPECAT_LANGUAGE[language]
        await self.push_frame(
            STTUpdateSettingsFrame(delta=STTSettings(language=spoken)), FrameDirection.UPSTREAM
        )
        await self.push_frame(TTSUpdateSettingsFrame(delta=TTSSettings(language=spoken)))

    async def _say(self, text: str, *, protected: bool) -> None:
        if not text:
            return
        frame = TTSSpeakFrame(text, append_to_context=False)
        # An uninterruptible speak frame keeps its audio through a caller's barge-in.
        frame.interruptible = not protected
        self._unheard.append((text, protected))
        await self.push_frame(frame)
        if self.speech_timeout_s is not None and self._stall_task is None:
            self._stall_task = self.create_task(self._stall_watch(self.speech_timeout_s))

    # ---- transfers that brief the staff in the call itself (Daily) --------------------------

    async def brief_staff(self, text: str, language: Language) -> None:
        """Speak the briefing to the receptionist who just joined, then leave the call."""
        if language != self._language:
            await self._switch_language(language)
        await self._say(text, protected=True)
        self._after_speech = "end"

    async def end_call(self) -> None:
        """End the agent's part of the call now."""
        await self._end()

    # ---- a voice that fails ----------------------------------------------------------------

    async def speak_again(self) -> None:
        """The voice changed mid-reply: what was not heard whole is spoken again from its start."""
        await self._stop_stall_watch()
        unheard, self._unheard = self._unheard, []
        for text, protected in unheard:
            await self._say(text, protected=protected)

    async def _stall_watch(self, timeout_s: float) -> None:
        await asyncio.sleep(timeout_s)
        self._stall_task = None
        await self.push_frame(ServiceStalledFrame())

    async def _stop_stall_watch(self) -> None:
        task, self._stall_task = self._stall_task, None
        if task is not None and task is not asyncio.current_task():
            await self.cancel_task(task)

    # ---- after speech: handoff, end, silence -----------------------------------------------

    async def _speech_done(self) -> None:
        action, self._after_speech = self._after_speech, None
        if action == "handoff" and self._last is not None:
            await self._hand_over()
        elif action == "end":
            await self._end()
        elif not self._busy and not self._closing:
            await self._stop_silence()
            self._silence_task = self.create_task(self._silence_watch())

    async def _hand_over(self) -> None:
        """Transfer to staff (briefed with the latest handoff record), or end the call."""
        if not await self._transfer(self._handoff or self._last):
            await self._end()

    async def _transfer(self, result: TurnResult | None) -> bool:
        if result is None:
            return False
        try:
            return await self._control.transfer(result)
        except Exception as exc:  # the provider refused: the handoff Task is still queued
            log.warning("transfer failed (%s); the handoff stays queued", type(exc).__name__)
            return False

    async def _end(self) -> None:
        if not self._closing:
            self._closing = True
            await self.push_frame(EndWorkerFrame(), FrameDirection.UPSTREAM)

    async def _silence_watch(self) -> None:
        await asyncio.sleep(self._timing.silence_reprompt_s)
        self._silence_task = None
        if self._expecting() == URGENCY_QUESTION:
            await self._hand_over()  # no answer to the urgency question: staff take it as is
            return
        self._silences += 1
        if self._silences == 1:
            question = _QUESTION.search(self._last.reply if self._last else "")
            again = speakable(question.group(0).strip(), self._language) if question else ""
            await self._say(
                f"{phrase('still_there', self._language)} {again}".strip(), protected=False
            )
        else:
            await self._say(phrase("goodbye_silence", self._language), protected=True)
            self._after_speech = "end"

    async def _stop_silence(self) -> None:
        task, self._silence_task = self._silence_task, None
        if task is not None and task is not asyncio.current_task():
            await self.cancel_task(task)
