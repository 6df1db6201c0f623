"""The LLM brain over real HTTP against the fake OpenAI-compatible endpoint (scripted replies)."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.brains import BrainConfigurationError, OpenAIBrain, build_brain
from agent.brains.prompts import TOOL_NAME, extract_context
from agent.settings import Settings
from agent.understanding import (
    BrainContext,
    Intent,
    OfferedOption,
    TimePreference,
    Understanding,
    UrgencyLevel,
)
from tests.fakes import fixtures
from tests.fakes.fixtures import FAKE_API_KEY, openai_settings
from tests.fakes.openai_endpoint import FakeOpenAI, HTTPError, Stall, Text, ToolCall

scripted_openai = fixtures.scripted_openai  # the shared fixture, used by name below

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)


class SleepRecorder:
    """Stands in for asyncio.sleep: records the waits instead of taking them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def context(**values: Any) -> BrainContext:
    base: dict[str, Any] = {"language": "en", "phase": "greeting", "now": NOW}
    return BrainContext(**{**base, **values})


def brain_for(fake: FakeOpenAI, sleep: SleepRecorder | None = None, **options: Any) -> OpenAIBrain:
    """The LLM brain alone (``build_brain`` puts the rule brain behind it)."""
    return OpenAIBrain.from_settings(
        openai_settings(fake), sleep=sleep or SleepRecorder(), **options
    )


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
async def test_booking_request_gives_intent_and_time_preference(
    scripted_openai: FakeOpenAI, streaming: bool
) -> None:
    scripted_openai.play(
        ToolCall(
            {
                "language": "en",
                "intent": "book",
                "time": {"earliest_date": "2026-11-24", "part_of_day": "morning"},
                "practitioner_name": "Dr Martin",
            }
        )
    )
    brain = brain_for(scripted_openai, streaming=streaming)

    got = await brain.understand("Can I see Dr Martin tomorrow morning?", context())

    assert got.intent is Intent.BOOK
    assert got.time is not None
    assert got.time.earliest_date == date(2026, 11, 24)
    assert got.time.part_of_day == "morning"
    assert got.practitioner_name == "Dr Martin"
    sent = scripted_openai.requests[-1]
    assert sent.body.get("stream", False) is streaming
    assert sent.last_user_text == "Can I see Dr Martin tomorrow morning?"


async def test_a_choice_among_offered_options(scripted_openai: FakeOpenAI) -> None:
    offered = [
        OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS)),
        OfferedOption(index=1, start=datetime(2026, 11, 26, 14, 0, tzinfo=PARIS)),
    ]
    scripted_openai.play(ToolCall({"choice": 1}), ToolCall({"choice": 7}))
    brain = brain_for(scripted_openai)
    ctx = context(phase="slot_choice", offered=offered)

    assert (await brain.understand("Thursday's please", ctx)).choice == 1
    # An index that was never offered is dropped, not passed on to the graph.
    assert (await brain.understand("the eighth", ctx)).choice is None
    state = scripted_openai.requests[0].last_user_raw
    assert "1: Thursday 2026-11-26 14:00" in state


async def test_a_yes(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(ToolCall({"affirmative": True, "intent": None, "choice": None}))
    brain = brain_for(scripted_openai)

    got = await brain.understand("yes, that's perfect", context(phase="confirm"))

    assert got.affirmative is True
    assert got.intent is None


async def test_dates_travel_as_iso_and_today_is_in_the_prompt(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(
        ToolCall(
            {
                "given_name": "Jeanne",
                "family_name": "Moreau",
                "birth_date": "1984-03-07",
                "time": {"not_before": "10:00", "weekdays": [2, 9]},
            }
        )
    )
    brain = brain_for(scripted_openai)

    got = await brain.understand("Jeanne Moreau, 7 mars 1984", context(phase="identity"))

    assert got.birth_date == date(1984, 3, 7)
    assert got.time is not None
    assert got.time.not_before == time(10, 0)
    assert got.time.weekdays == [2]  # 9 is no ISO weekday
    assert "Monday 2026-11-23 08:00 (Europe/Paris)" in scripted_openai.requests[0].last_user_raw


async def test_the_tool_sent_is_understanding_and_is_forced(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(ToolCall({}))
    brain = brain_for(scripted_openai)

    await brain.understand("hello", context())

    body = scripted_openai.requests[0].body
    assert [tool["function"]["name"] for tool in body["tools"]] == [TOOL_NAME]
    parameters = body["tools"][0]["function"]["parameters"]
    assert set(parameters["properties"]) == set(Understanding.model_fields)
    assert set(parameters["properties"]["time"]["anyOf"][0]["properties"]) == {
        "earliest_date",
        "latest_date",
        "part_of_day",
        "not_before",
        "not_after",
        "weekdays",
        "asap",
    }
    assert body["tool_choice"] == {"type": "function", "function": {"name": TOOL_NAME}}
    assert body["model"] == "fake-model"
    assert scripted_openai.requests[0].headers["authorization"] == f"Bearer {FAKE_API_KEY}"


async def test_the_context_block_round_trips(scripted_openai: FakeOpenAI) -> None:
    ctx = context(
        phase="slot_choice",
        language="fr",
        offered=[OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS))],
        practitioner_names=["Dr Alice Martin"],
        specialties=["general-practice"],
        topics=["hours", "parking"],
        transcript=[("agent", "Bonjour"), ("patient", "le premier")],
        last_agent_reply="Lequel préférez-vous ?",
    )
    scripted_openai.play(ToolCall({"choice": 0}))
    await brain_for(scripted_openai).understand("le premier", ctx)

    recovered = extract_context(scripted_openai.requests[0].messages)

    # The current turn travels once, as the patient's message, not in the transcript.
    assert recovered == ctx.model_copy(update={"transcript": ctx.transcript[:-1]})
    assert "last words: Lequel préférez-vous ?" in scripted_openai.requests[0].last_user_raw
    assert recovered is not None and recovered.now.tzinfo == PARIS


async def test_the_transcript_is_bounded_and_the_turn_not_repeated(
    scripted_openai: FakeOpenAI,
) -> None:
    transcript = [("patient" if i % 2 else "agent", f"turn {i}") for i in range(30)]
    transcript.append(("patient", "and now?"))
    scripted_openai.play(ToolCall({}))

    await brain_for(scripted_openai).understand("and now?", context(transcript=transcript))

    messages = scripted_openai.requests[0].messages
    assert [m["role"] for m in messages[:2]] == ["system", "assistant"]
    assert [m["content"] for m in messages[1:-1]] == [f"turn {i}" for i in range(18, 30)]
    assert scripted_openai.requests[0].last_user_text == "and now?"


async def test_a_500_then_success_is_retried(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(HTTPError(500), HTTPError(503), ToolCall({"intent": "cancel"}))
    sleep = SleepRecorder()

    got = await brain_for(scripted_openai, sleep).understand("cancel it", context())

    assert got.intent is Intent.CANCEL
    assert len(scripted_openai.requests) == 3
    assert sleep.waits == [0.25, 0.5]


async def test_a_429_waits_as_told_within_the_cap(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(
        HTTPError(429, "slow down", {"Retry-After": "1"}),
        HTTPError(429, "slow down", {"Retry-After": "30"}),
        ToolCall({"intent": "info", "topic": "parking"}),
    )
    sleep = SleepRecorder()

    got = await brain_for(scripted_openai, sleep).understand("where do I park?", context())

    assert got.intent is Intent.INFO
    assert sleep.waits == [1.0, 2.0]  # the second hint is capped: a caller is waiting


async def test_persistent_errors_give_up_with_an_empty_understanding(
    scripted_openai: FakeOpenAI,
) -> None:
    scripted_openai.play(*[HTTPError(502)] * 3, ToolCall({"intent": "book"}))

    got = await brain_for(scripted_openai).understand("book please", context())

    assert got == Understanding()
    assert len(scripted_openai.requests) == 3


async def test_a_client_error_is_not_retried(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(HTTPError(400, "bad request"), ToolCall({"intent": "book"}))

    got = await brain_for(scripted_openai).understand("book please", context())

    assert got == Understanding()
    assert len(scripted_openai.requests) == 1


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize(
    "reply",
    [
        ToolCall('{"intent": book, "family_name": "Moreau"}'),
        ToolCall('{"intent": "book", "family_name": "Mor', finish_reason="length"),
    ],
    ids=["bad-json", "cut-off"],
)
async def test_malformed_arguments_give_an_empty_understanding(
    scripted_openai: FakeOpenAI, streaming: bool, reply: ToolCall, caplog: pytest.LogCaptureFixture
) -> None:
    scripted_openai.play(reply)
    caplog.set_level(logging.INFO, logger="agent.brains")

    got = await brain_for(scripted_openai, streaming=streaming).understand("book", context())

    assert got == Understanding()
    assert scripted_openai.requests[0].body.get("stream", False) is streaming
    assert "openai brain" in caplog.text


async def test_a_reply_without_tool_call_gives_an_empty_understanding(
    scripted_openai: FakeOpenAI,
) -> None:
    scripted_openai.play(Text("Sure, I can help you book an appointment!"))

    assert await brain_for(scripted_openai).understand("book", context()) == Understanding()


async def test_invalid_fields_are_dropped_not_the_whole_turn(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(
        ToolCall(
            {
                "intent": "BOOK",
                "urgency": "catastrophic",
                "birth_date": "the seventh of March",
                "wants_later": None,
                "specialty": "astrology",
                "service": "vaccination",
                "time": {"part_of_day": "night", "asap": True},
            }
        )
    )
    ctx = context(specialties=["general-practice"], services=["consultation", "vaccination"])

    got = await brain_for(scripted_openai).understand("a flu shot asap", ctx)

    assert got.intent is Intent.BOOK
    assert got.urgency is None
    assert got.birth_date is None
    assert got.wants_later is False
    assert got.specialty is None
    assert got.service == "vaccination"
    assert got.time is not None and got.time.asap is True and got.time.part_of_day is None


async def test_the_brain_can_raise_urgency(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(ToolCall({"urgency": "emergency", "urgency_reason": "chest pain"}))

    got = await brain_for(scripted_openai).understand("my chest hurts a lot", context())

    assert got.urgency is UrgencyLevel.EMERGENCY
    assert "never lower" not in got.model_dump_json()  # the reason is the model's own words
    assert "cannot lower" in scripted_openai.requests[0].system_text


async def test_a_timeout_gives_an_empty_understanding(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(*[Stall(30, ToolCall({"intent": "book"}))] * 3)
    settings = openai_settings(scripted_openai, openai_timeout_s=0.3, llm_turn_budget_text_s=1.0)
    brain = OpenAIBrain.from_settings(settings)

    got = await brain.understand("book", context())

    assert got == Understanding()
    # A timed-out request is retried while the turn's budget lasts, never past it.
    assert 2 <= len(scripted_openai.requests) <= 3


async def test_the_key_and_the_patient_never_reach_the_logs(
    scripted_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    scripted_openai.play(HTTPError(500), ToolCall("{not json"), HTTPError(401, "bad key"))
    caplog.set_level(logging.DEBUG)
    brain = brain_for(scripted_openai)
    secret_words = "Jeanne Moreau born 7 March 1984"

    await brain.understand(secret_words, context())
    await brain.understand(secret_words, context())

    assert caplog.records  # the failures were logged...
    assert FAKE_API_KEY not in caplog.text  # ...without the key
    assert "Moreau" not in caplog.text  # ...or the patient's words
    assert FAKE_API_KEY not in repr(brain.__dict__)


def test_build_brain_picks_openai_and_rejects_a_bad_config(scripted_openai: FakeOpenAI) -> None:
    assert build_brain(openai_settings(scripted_openai)).name == "openai"
    with pytest.raises(BrainConfigurationError, match=r"OPENAI_API_KEY.*OPENAI_BASE_URL"):
        build_brain(Settings(brain="openai", openai_api_key=None, openai_base_url=None))


async def test_a_local_server_needs_no_key(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.api_key = None
    scripted_openai.play(ToolCall({"intent": "goodbye"}))
    settings = openai_settings(scripted_openai, openai_api_key=None)

    got = await build_brain(settings).understand("bye", context())

    assert got.intent is Intent.GOODBYE
    assert scripted_openai.requests[0].headers["authorization"] == "Bearer not-needed"


async def test_inside_a_langgraph_messages_stream_the_brain_stays_quiet(
    scripted_openai: FakeOpenAI,
) -> None:
    from typing import TypedDict

    from langgraph.graph import END, START, StateGraph

    class State(TypedDict, total=False):
        text: str
        intent: str | None

    brain = brain_for(scripted_openai)

    async def read(state: State) -> State:
        got = await brain.understand(state["text"], context())
        return {"intent": got.intent}

    graph = StateGraph(State)
    graph.add_node("read", read)
    graph.add_edge(START, "read")
    graph.add_edge("read", END)
    scripted_openai.play(ToolCall({"intent": "book"}))

    streamed = [
        item
        async for item in graph.compile().astream(
            {"text": "book"}, stream_mode=["messages", "values"]
        )
    ]

    assert [kind for kind, _ in streamed if kind == "messages"] == []
    assert streamed[-1] == ("values", {"text": "book", "intent": Intent.BOOK})
    assert scripted_openai.requests[0].body.get("stream", False) is False


async def test_a_blank_turn_costs_no_request(scripted_openai: FakeOpenAI) -> None:
    got = await brain_for(scripted_openai).understand("  \n", context())

    assert got == Understanding()
    assert scripted_openai.requests == []


async def test_a_very_long_turn_is_cut(scripted_openai: FakeOpenAI) -> None:
    scripted_openai.play(ToolCall({"intent": "other", "language": "French"}))

    got = await brain_for(scripted_openai).understand("bla " * 5000, context())

    assert got.intent is Intent.OTHER
    assert got.language == "fr"
    assert len(scripted_openai.requests[0].last_user_text) == 2000


class RecordingBrain:
    """A brain for the fake's understanding mode: answers a fixed Understanding, keeps inputs."""

    name = "recording"

    def __init__(self, answer: Understanding) -> None:
        self.answer = answer
        self.seen: list[tuple[str, BrainContext]] = []

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        self.seen.append((text, context))
        return self.answer


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
async def test_understanding_mode_gives_the_inner_brain_the_same_turn(streaming: bool) -> None:
    answer = Understanding(
        intent=Intent.RESCHEDULE,
        birth_date=date(1990, 1, 31),
        time=TimePreference(weekdays=[2], not_before=time(10, 0), asap=True),
        choice=0,
    )
    inner = RecordingBrain(answer)
    ctx = context(
        phase="slot_choice",
        offered=[OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS))],
        transcript=[("agent", "Hello"), ("patient", "move my visit"), ("agent", "When?")],
        last_agent_reply="When?",
        practitioner_names=["Dr Alice Martin"],
    )
    with FakeOpenAI(brain=inner) as fake:
        brain = brain_for(fake, streaming=streaming, grounding=False)
        got = await brain.understand("Tuesday after 10", ctx)

    assert got == answer
    assert inner.seen == [("Tuesday after 10", ctx)]


def test_build_brain_picks_the_rules_brain() -> None:
    brain = build_brain(Settings(brain="rules"))

    assert brain.name == "rules"
