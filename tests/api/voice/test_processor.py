"""The engine processor with Pipecat's own test harness: frames in, frames out."""

from __future__ import annotations

from collections.abc import Sequence

from pipecat.audio.dtmf.types import KeypadEntry
from pipecat.frames.frames import (
    BotStoppedSpeakingFrame,
    CancelFrame,
    EndWorkerFrame,
    Frame,
    InputDTMFFrame,
    STTUpdateSettingsFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
    TTSUpdateSettingsFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
)
from pipecat.tests.utils import SleepFrame, run_test

from api.voice.control import CallInfo, Timing, briefing
from api.voice.offline import Hearing
from api.voice.processor import FrontdeskEngineProcessor, finish_outliving_turns
from graphs.events import URGENCY_QUESTION, Heard, TurnEvent, TurnResult
from tests.api.voice.fakes import EMERGENCY, RecordingControl, ScriptedEngine, result

FAST = Timing(filler_delay_s=5.0, silence_reprompt_s=30.0)


def _said(frames: Sequence[Frame]) -> list[TTSSpeakFrame]:
    return [f for f in frames if isinstance(f, TTSSpeakFrame)]


def _caller_says(text: str) -> list[Frame]:
    return [
        UserStartedSpeakingFrame(),
        TranscriptionFrame(text, "caller", "2026-11-23T08:00:00Z"),
        UserStoppedSpeakingFrame(),
        SleepFrame(0.2),
    ]


def _processor(engine: ScriptedEngine, **kwargs) -> FrontdeskEngineProcessor:
    kwargs.setdefault("timing", FAST)
    return FrontdeskEngineProcessor(engine, CallInfo("call-1", "+33612345678", "en"), **kwargs)


async def test_greets_then_answers_the_finished_turn_and_never_speaks_the_callers_words() -> None:
    engine = ScriptedEngine(result("Which day suits you?", expecting="when"))
    down, _ = await run_test(
        _processor(engine),
        frames_to_send=[SleepFrame(0.1), *_caller_says("I'd like an appointment")],
    )
    assert engine.started == [
        {"caller_phone": "+33612345678", "language": "en", "channel": "voice", "keypad": False}
    ]
    assert engine.heard == ["I'd like an appointment"]
    assert [f.text for f in _said(down)] == ["Hello, how can I help?", "Which day suits you?"]
    assert not [f for f in down if isinstance(f, TranscriptionFrame)]


async def test_a_spelled_name_reaches_the_engine_as_a_name() -> None:
    engine = ScriptedEngine()
    await run_test(_processor(engine, greet=False), frames_to_send=_caller_says("D-U-P-O-N-T"))
    assert engine.heard == ["Dupont"]


async def test_read_back_and_emergency_are_uninterruptible_other_replies_are_not() -> None:
    readback = result("Tuesday 24 November at 15:00 with Dr Martin. Shall I book it?")
    readback.expecting = "confirm"
    engine = ScriptedEngine(result("Which day?", expecting="when"), readback, EMERGENCY)
    down, _ = await run_test(
        _processor(engine, greet=False),
        frames_to_send=[
            *_caller_says("an appointment"),
            *_caller_says("Tuesday afternoon"),
            *_caller_says("I have chest pain"),
        ],
    )
    said = _said(down)
    assert [f.interruptible for f in said] == [True, False, False]
    assert said[1].text.startswith("Tuesday 24 November at 3 p.m. with Doctor Martin")
    assert "call 15" in said[2].text


async def test_emergency_transfers_once_the_instructions_were_heard() -> None:
    engine = ScriptedEngine(EMERGENCY)
    control = RecordingControl(accept=True)
    _, up = await run_test(
        _processor(engine, greet=False, control=control),
        frames_to_send=[*_caller_says("I have chest pain"), BotStoppedSpeakingFrame()],
    )
    assert [r.reply for r in control.transfers] == [EMERGENCY.reply]
    assert not [f for f in up if isinstance(f, EndWorkerFrame)]  # the provider ends the leg


async def test_handoff_without_a_staff_line_ends_the_call_after_the_reply() -> None:
    engine = ScriptedEngine(EMERGENCY)
    _, up = await run_test(
        _processor(engine, greet=False, control=RecordingControl(accept=False)),
        frames_to_send=[*_caller_says("I have chest pain"), BotStoppedSpeakingFrame()],
    )
    assert [type(f) for f in up if isinstance(f, EndWorkerFrame)] == [EndWorkerFrame]


def _urgent_asking() -> tuple[TurnResult, TurnResult]:
    """An urgent handoff that asks its question, and the escalation a yes brings."""
    record = {"reason": "urgent", "urgency": "urgent", "summary": "asked=stomach pain"}
    asking = result(
        "I'm passing your call to a member of staff as a priority. If things get worse, call "
        "15. While I fetch someone, one question: is the pain very strong?",
        handed_off=True,
        expecting=URGENCY_QUESTION,
        events=[TurnEvent(kind="handoff", data=record)],
    )
    worse = {**record, "reason": "emergency", "urgency": "emergency"}
    escalated = result(
        "This sounds like an emergency. Please hang up and call 15 right now.",
        handed_off=True,
        events=[TurnEvent(kind="escalated", data=worse)],
    )
    return asking, escalated


async def test_an_urgent_question_waits_for_the_answer_then_transfers_as_an_emergency() -> None:
    asking, escalated = _urgent_asking()
    engine = ScriptedEngine(asking, escalated)
    control = RecordingControl(accept=True)
    down, _ = await run_test(
        _processor(engine, greet=False, control=control),
        frames_to_send=[
            *_caller_says("I'm pregnant and my stomach hurts"),
            BotStoppedSpeakingFrame(),  # the question was heard: no transfer yet
            SleepFrame(0.1),
            *_caller_says("yes"),
            BotStoppedSpeakingFrame(),  # the emergency instructions were heard
            SleepFrame(0.1),
        ],
    )
    assert engine.heard == ["I'm pregnant and my stomach hurts", "yes"]
    assert [r.reply for r in control.transfers] == [escalated.reply]
    said = _said(down)
    assert [f.interruptible for f in said] == [False, False]  # neither may be cut
    assert briefing(control.transfers[0], "en").startswith(
        "Transfer from the phone assistant. Reason: emergency. Urgency: emergency."
    )


async def test_no_answer_to_the_urgent_question_transfers_after_a_silence() -> None:
    asking, _ = _urgent_asking()
    control = RecordingControl(accept=True)
    quick = Timing(filler_delay_s=5.0, silence_reprompt_s=0.1)
    down, _ = await run_test(
        _processor(ScriptedEngine(asking), greet=False, control=control, timing=quick),
        frames_to_send=[
            *_caller_says("I'm pregnant and my stomach hurts"),
            BotStoppedSpeakingFrame(),
            SleepFrame(0.3),
        ],
    )
    assert [r.reply for r in control.transfers] == [asking.reply]  # as urgent, no re-prompt
    assert len(_said(down)) == 1


async def test_keypad_one_confirms_and_zero_asks_for_a_person_in_the_call_language() -> None:
    engine = ScriptedEngine(
        result("C'est noté.", language="fr"), result("Je vous passe.", language="fr")
    )
    await run_test(
        FrontdeskEngineProcessor(engine, CallInfo("call-1", None, "fr"), timing=FAST, greet=False),
        frames_to_send=[
            InputDTMFFrame(KeypadEntry.ONE),
            SleepFrame(0.2),
            InputDTMFFrame(KeypadEntry.ZERO),
            SleepFrame(0.2),
            InputDTMFFrame(KeypadEntry.FIVE),
            SleepFrame(0.1),
        ],
    )
    assert engine.heard == ["oui", "je veux parler à une personne"]


async def test_the_other_hearings_of_each_segment_reach_the_engine() -> None:
    engine = ScriptedEngine()
    first = Hearing("my son has a fever", ("my son has a fiver",))
    second = Hearing("and he is floppy", ("and he is sloppy", "and he's floppy"), unclear=True)
    frames = [
        UserStartedSpeakingFrame(),
        TranscriptionFrame(first.text, "caller", "2026-11-23T08:00:00Z", result=first),
        TranscriptionFrame(second.text, "caller", "2026-11-23T08:00:01Z", result=second),
        UserStoppedSpeakingFrame(),
        SleepFrame(0.2),
    ]
    await run_test(_processor(engine, greet=False), frames_to_send=frames)
    assert engine.heard == ["my son has a fever and he is floppy"]
    assert engine.hearings == [
        Heard(
            alternatives=[
                "my son has a fiver and he is floppy",
                "my son has a fever and he is sloppy",
                "my son has a fever and he's floppy",
            ],
            unclear=True,
        )
    ]


def _keys(keys: str, gap_s: float = 0.02) -> list[Frame]:
    frames: list[Frame] = []
    for key in keys:
        frames += [InputDTMFFrame(KeypadEntry(key)), SleepFrame(gap_s)]
    return frames


async def test_at_the_identity_question_typed_digits_reach_the_engine_as_one_answer() -> None:
    who = result("Who are you?", expecting="identity")
    engine = ScriptedEngine(who, who)
    await run_test(
        _processor(engine, greet=False),
        frames_to_send=[
            *_caller_says("an appointment"),
            SleepFrame(0.1),
            *_keys("25081985#"),
            SleepFrame(0.1),
            *_keys("06120*0612009786#"),  # star starts the entry again
            SleepFrame(0.1),
        ],
    )
    assert engine.heard == ["an appointment", "25081985", "0612009786"]


async def test_a_typed_entry_without_the_hash_key_ends_after_a_pause() -> None:
    engine = ScriptedEngine(result("Who are you?", expecting="identity"))
    await run_test(
        _processor(engine, greet=False, timing=Timing(filler_delay_s=5, keypad_pause_s=0.15)),
        frames_to_send=[
            *_caller_says("hello"),
            SleepFrame(0.1),
            *_keys("0612009786"),
            SleepFrame(0.3),
        ],
    )
    assert engine.heard == ["hello", "0612009786"]


async def test_a_key_answers_which_option_by_its_rank() -> None:
    which = result("Lequel vous convient ?", language="fr", expecting="slot_choice")
    engine = ScriptedEngine(which)
    await run_test(
        _processor(engine, greet=False),
        frames_to_send=[*_caller_says("jeudi"), SleepFrame(0.1), *_keys("2"), SleepFrame(0.2)],
    )
    assert engine.heard == ["jeudi", "le deuxième"]


async def test_a_lone_key_at_the_identity_question_keeps_its_meaning() -> None:
    engine = ScriptedEngine(result("Who are you?", expecting="identity"))
    await run_test(
        _processor(engine, greet=False, timing=Timing(filler_delay_s=5, keypad_pause_s=0.1)),
        frames_to_send=[*_caller_says("hello"), SleepFrame(0.1), *_keys("0"), SleepFrame(0.3)],
    )
    assert engine.heard == ["hello", "I want to speak to a person"]


async def test_a_slow_answer_is_preceded_by_a_filler() -> None:
    engine = ScriptedEngine(result("Here are two slots."), delay_s=0.4)
    down, _ = await run_test(
        _processor(engine, greet=False, timing=Timing(filler_delay_s=0.05, silence_reprompt_s=30)),
        frames_to_send=[*_caller_says("Tuesday"), SleepFrame(0.5)],
    )
    assert [f.text for f in _said(down)] == ["One moment, I'm checking.", "Here are two slots."]


async def test_silence_reprompts_with_the_question_then_says_goodbye_and_hangs_up() -> None:
    engine = ScriptedEngine()
    quick = Timing(filler_delay_s=5.0, silence_reprompt_s=0.1)
    down, up = await run_test(
        _processor(engine, timing=quick),
        frames_to_send=[
            SleepFrame(0.1),
            BotStoppedSpeakingFrame(),  # the greeting was heard; the caller says nothing
            SleepFrame(0.3),
            BotStoppedSpeakingFrame(),  # the re-prompt was heard; still nothing
            SleepFrame(0.3),
            BotStoppedSpeakingFrame(),  # the goodbye was heard
            SleepFrame(0.1),
        ],
    )
    said = [f.text for f in _said(down)]
    assert said[1] == "Are you still there? Hello, how can I help?"
    assert said[2].startswith("I can't hear you")
    assert [f for f in up if isinstance(f, EndWorkerFrame)]


async def test_speaking_resets_the_silence_count() -> None:
    engine = ScriptedEngine()
    quick = Timing(filler_delay_s=5.0, silence_reprompt_s=0.15)
    down, up = await run_test(
        _processor(engine, timing=quick),
        frames_to_send=[
            SleepFrame(0.1),
            BotStoppedSpeakingFrame(),
            SleepFrame(0.3),  # first silence: re-prompt
            *_caller_says("sorry, yes"),
            BotStoppedSpeakingFrame(),
            SleepFrame(0.05),
        ],
    )
    assert [f.text for f in _said(down)][-1] == "Anything else?"
    assert not [f for f in up if isinstance(f, EndWorkerFrame)]


async def test_hanging_up_mid_turn_lets_the_engine_turn_finish() -> None:
    engine = ScriptedEngine(result("Booked."), delay_s=0.3)
    await run_test(
        _processor(engine, greet=False),
        frames_to_send=[
            UserStartedSpeakingFrame(),
            TranscriptionFrame("yes", "caller", "2026-11-23T08:00:00Z"),
            UserStoppedSpeakingFrame(),
            SleepFrame(0.05),
            CancelFrame(),
        ],
        send_end_frame=False,
    )
    await finish_outliving_turns()
    assert engine.finished == ["yes"]


async def test_a_conversation_that_turns_french_switches_the_stt_and_the_voice() -> None:
    engine = ScriptedEngine(result("Bien sûr, à quel nom ?", language="fr"))
    down, up = await run_test(
        _processor(engine, greet=False), frames_to_send=_caller_says("bonjour, un rendez-vous")
    )
    [stt] = [f for f in up if isinstance(f, STTUpdateSettingsFrame)]
    [tts] = [f for f in down if isinstance(f, TTSUpdateSettingsFrame)]
    assert stt.delta is not None and str(stt.delta.language) == "fr"
    assert tts.delta is not None and str(tts.delta.language) == "fr"
    assert [f.text for f in _said(down)] == ["Bien sûr, à quel nom ?"]
