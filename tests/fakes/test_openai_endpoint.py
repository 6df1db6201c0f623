"""The fake OpenAI endpoint: OpenAI's wire format (checked with plain HTTP, no SDK), and its
understanding mode answering like the rule brain (checked through the LLM brain)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from agent.brains import build_brain
from agent.brains.rules import RulesBrain
from agent.understanding import Brain, BrainContext, Intent, OfferedOption, Phase
from tests.fakes import fixtures
from tests.fakes.fixtures import openai_settings
from tests.fakes.openai_endpoint import FakeOpenAI, HTTPError, ToolCall

fake_openai = fixtures.fake_openai  # the shared fixture, used by name below

KEY = "sk-endpoint-test"


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=KEY) as server:
        yield server


def post(fake: FakeOpenAI, body: dict[str, Any], key: str = KEY) -> httpx.Response:
    return httpx.post(
        f"{fake.base_url}/chat/completions",
        json=body,
        headers={"Authorization": f"Bearer {key}"},
        timeout=5,
    )


BODY: dict[str, Any] = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def test_a_tool_call_as_json(fake: FakeOpenAI) -> None:
    fake.play(ToolCall({"intent": "book"}))

    response = post(fake, BODY)

    assert response.status_code == 200
    choice = response.json()["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    call = choice["message"]["tool_calls"][0]
    assert call["function"]["name"] == "record_understanding"
    assert json.loads(call["function"]["arguments"]) == {"intent": "book"}
    assert fake.requests[0].body == BODY


def test_a_tool_call_as_server_sent_events(fake: FakeOpenAI) -> None:
    fake.play(ToolCall({"intent": "book", "visit_reason": "a long enough reason to split"}))

    response = post(fake, {**BODY, "stream": True, "stream_options": {"include_usage": True}})

    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line[6:] for line in response.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(event) for event in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    arguments = "".join(
        call["function"].get("arguments", "")
        for chunk in chunks
        for choice in chunk["choices"]
        for call in choice["delta"].get("tool_calls", [])
    )
    assert json.loads(arguments)["visit_reason"] == "a long enough reason to split"
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0


def test_errors_look_like_openai_errors(fake: FakeOpenAI) -> None:
    fake.play(HTTPError(429, "slow down", {"Retry-After": "2"}))

    limited = post(fake, BODY)
    unauthorised = post(fake, BODY, key="wrong")
    malformed = post(fake, {"messages": []})
    exhausted = post(fake, BODY)

    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert limited.json()["error"]["message"] == "slow down"
    assert unauthorised.status_code == 401
    assert malformed.status_code == 400
    assert exhausted.status_code == 500  # nothing scripted and no brain: visible
    assert len(fake.requests) == 2  # rejected requests never reach the script


PARIS = ZoneInfo("Europe/Paris")
OFFERED = [
    OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS)),
    OfferedOption(index=1, start=datetime(2026, 11, 26, 14, 0, tzinfo=PARIS)),
]
TURNS = [
    ("greeting", "Je voudrais un rendez-vous mardi après-midi, pas avant 14h"),
    ("greeting", "Can I see Dr Bernard next week, as soon as possible?"),
    ("slot_choice", "the second one"),
    ("slot_choice", "le premier"),
    ("confirm", "yes please"),
    ("identity", "Marie Dupont, 12 mars 1985"),
    ("greeting", "where can I park?"),
]


@pytest.mark.parametrize(("phase", "text"), TURNS)
async def test_understanding_mode_answers_like_the_rule_brain(
    fake_openai: FakeOpenAI, phase: Phase, text: str
) -> None:
    rules = RulesBrain()
    llm = build_brain(openai_settings(fake_openai))
    ctx = BrainContext(
        language="en",
        phase=phase,
        now=datetime(2026, 11, 23, 8, 0, tzinfo=PARIS),
        offered=OFFERED if phase == "slot_choice" else [],
        transcript=[("agent", "Hello, how can I help?")],
        practitioner_names=["Dr Alice Martin", "Dr Paul Bernard"],
        specialties=["general-practice", "paediatrics"],
        services=["consultation", "vaccination"],
        topics=["hours", "parking"],
    )

    assert await llm.understand(text, ctx) == await rules.understand(text, ctx)
    assert fake_openai.requests[-1].last_user_text == text


async def test_understanding_mode_reads_a_choice_and_a_booking(fake_openai: FakeOpenAI) -> None:
    llm = build_brain(openai_settings(fake_openai))
    now = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)

    choice = await llm.understand(
        "the second one", BrainContext(language="en", phase="slot_choice", now=now, offered=OFFERED)
    )
    booking = await llm.understand(
        "Je voudrais un rendez-vous mardi après-midi",
        BrainContext(language="fr", phase="greeting", now=now),
    )

    assert choice.choice == 1
    assert booking.intent is Intent.BOOK
    assert booking.time is not None and booking.time.earliest_date == date(2026, 11, 24)


each_brain = fixtures.each_brain


async def test_each_brain_reads_a_yes(each_brain: Brain) -> None:
    now = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)

    got = await each_brain.understand("oui", BrainContext(language="fr", phase="confirm", now=now))

    assert got.affirmative is True
    assert each_brain.name in ("rules", "openai")


@pytest.mark.parametrize(("field", "cut"), [("max_tokens", True), ("max_completion_tokens", False)])
def test_llama_cpp_python_reads_only_the_old_completion_cap(field: str, cut: bool) -> None:
    """And says "tool_calls" even when the cap cut the arguments short."""
    with FakeOpenAI(server="llama-cpp-python") as server:
        server.play(ToolCall({"intent": "book", "urgency_reason": "and then " * 100}))
        response = post(server, {**BODY, field: 20}, key="none")
    choice = response.json()["choices"][0]
    arguments = choice["message"]["tool_calls"][0]["function"]["arguments"]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["function_call"]["arguments"] == arguments
    assert (len(arguments) == 80) is cut
