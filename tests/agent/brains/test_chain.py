"""The brain chain: failover to the next brain within the turn's budget, health and restore."""

from __future__ import annotations

import socket
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.brains import BrainChain, OpenAIBrain, build_brain
from agent.brains.rules import RulesBrain
from agent.settings import Settings
from agent.understanding import BrainContext, Intent, OfferedOption
from tests.fakes import fixtures
from tests.fakes.fixtures import openai_settings
from tests.fakes.openai_endpoint import FakeOpenAI, HTTPError, Refusal, Stall, Text, ToolCall

scripted_openai = fixtures.scripted_openai  # the shared fixture, used by name below

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)


def context(**values: Any) -> BrainContext:
    base: dict[str, Any] = {"language": "en", "phase": "greeting", "now": NOW}
    return BrainContext(**{**base, **values})


def closed_port_url() -> str:
    """A loopback base URL where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def no_sleep(seconds: float) -> None:
    return None


def chain_for(*llms: OpenAIBrain, clock: Clock | None = None, **options: Any) -> BrainChain:
    return BrainChain([*llms, RulesBrain()], clock=clock or Clock(), **options)


def llm(fake_or_url: FakeOpenAI | str, **options: Any) -> OpenAIBrain:
    url = fake_or_url if isinstance(fake_or_url, str) else fake_or_url.base_url
    values: dict[str, Any] = {
        "model": "fake-model",
        "base_url": url,
        "server": "openai",
        "sleep": no_sleep,
        "request_timeout_s": 2.0,
    }
    return OpenAIBrain(**{**values, **options})


async def test_an_unreachable_endpoint_falls_back_to_the_rules_and_is_skipped_after() -> None:
    clock = Clock()
    chain = chain_for(llm(closed_port_url()), clock=clock, probe_interval_s=30)

    first = await chain.read_turn("I'd like to book an appointment", context())
    second = await chain.read_turn("cancel my appointment", context())

    assert first.understanding.intent is Intent.BOOK
    assert first.brain == "rules"
    assert first.events == [
        ("brain_fallback", {"from": "openai", "to": "rules", "reason": "unavailable"})
    ]
    assert first.usage.calls == 3  # the first try and two retries, then the rule brain
    assert second.understanding.intent is Intent.CANCEL
    assert second.events[0][1]["reason"] == "skipped_unhealthy"
    assert second.usage.calls == 0  # a dead server costs the next turns nothing
    assert not chain.health["openai"].healthy


async def test_a_failed_brain_is_probed_in_the_background_and_restored() -> None:
    clock = Clock()
    with FakeOpenAI() as fake:
        brain = llm(fake)
        chain = chain_for(brain, clock=clock, probe_interval_s=30)
        fake.play(*[HTTPError(503)] * 3)

        failed = await chain.read_turn("book please", context())
        assert failed.events[0][1]["reason"] == "server_error"
        clock.now = 10  # not yet due: skipped, no probe
        await chain.read_turn("book please", context())
        await chain.wait_for_probes()
        assert not chain.health["openai"].healthy

        clock.now = 31  # due: this turn is still read by the rules, a probe starts
        fake.play(ToolCall({"intent": "book"}))
        skipped = await chain.read_turn("book please", context())
        await chain.wait_for_probes()
        restored = await chain.read_turn("book please", context())

    assert skipped.brain == "rules"
    assert chain.health["openai"].healthy
    assert restored.brain == "openai" and restored.events == []
    assert len(fake.requests) == 4  # 3 failed tries, then the restored brain's turn


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Refusal(), "refusal"),
        (ToolCall('{"intent": "book", "family', finish_reason="length"), "length"),
        (ToolCall('{"intent": book}'), "malformed"),
        (ToolCall({"patient_id": "pat-0001"}, name="read_patient_record"), "no_tool_call"),
        (Text("Sure! I'd be glad to help you book."), "no_tool_call"),
        (HTTPError(400, "bad request"), "rejected"),
    ],
    ids=["refusal", "length", "malformed", "unknown-tool", "prose", "rejected"],
)
async def test_an_unusable_answer_lets_the_rules_read_the_same_turn(
    reply: Any, reason: str
) -> None:
    with FakeOpenAI() as fake:
        chain = chain_for(llm(fake))
        fake.play(reply)
        got = await chain.read_turn("I want to cancel my appointment", context())

    assert got.understanding.intent is Intent.CANCEL
    assert got.brain == "rules"
    assert got.events == [("brain_fallback", {"from": "openai", "to": "rules", "reason": reason})]
    # Only a failing server is marked unhealthy, not one odd answer.
    assert chain.health["openai"].healthy is (reason != "rejected")


async def test_a_secondary_endpoint_reads_the_turn_when_the_first_fails() -> None:
    with FakeOpenAI() as first, FakeOpenAI() as second:
        first.play(*[HTTPError(500)] * 3)
        second.play(ToolCall({"intent": "reschedule"}))
        chain = chain_for(llm(first), llm(second, name="openai-secondary"))

        got = await chain.read_turn("I need to move my appointment", context())

    assert got.brain == "openai-secondary"
    assert got.understanding.intent is Intent.RESCHEDULE
    assert got.events == [
        ("brain_fallback", {"from": "openai", "to": "openai-secondary", "reason": "server_error"})
    ]


@pytest.mark.parametrize("channel", ["voice", "text"])
async def test_the_turn_budget_bounds_a_slow_model_per_channel(channel: str) -> None:
    with FakeOpenAI() as fake:
        fake.play(*[Stall(30, ToolCall({"intent": "book"}))] * 5)
        chain = chain_for(
            llm(fake, request_timeout_s=10), turn_budget_voice_s=0.6, turn_budget_text_s=1.5
        )
        got = await chain.read_turn("I'd like to cancel", context(channel=channel))

    # The stalled model would have said "book" after 30 s: the budget cut it short.
    assert got.understanding.intent is Intent.CANCEL
    assert got.events[0][1]["reason"] == "timeout"
    assert chain.budget_for(context(channel=channel)) == {"voice": 0.6, "text": 1.5}[channel]


async def test_hybrid_mode_reads_a_plain_yes_after_a_read_back_without_the_llm() -> None:
    offered = [OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS))]
    with FakeOpenAI(brain=RulesBrain()) as fake:
        chain = chain_for(llm(fake), hybrid=True)
        yes = await chain.read_turn("yes please", context(phase="confirm"))
        second = await chain.read_turn(
            "the first one", context(phase="slot_choice", offered=offered)
        )
        booking = await chain.read_turn("I'd like an appointment", context())

    assert yes.understanding.affirmative is True and yes.brain == "rules"
    assert second.understanding.choice == 0 and second.brain == "rules"
    assert booking.brain == "openai"
    assert len(fake.requests) == 1


def test_build_brain_makes_a_chain_closed_by_the_rules(scripted_openai: FakeOpenAI) -> None:
    settings = openai_settings(
        scripted_openai,
        brains="openai,openai-secondary",
        openai_secondary_base_url=scripted_openai.base_url,
    )

    chain = build_brain(settings)

    assert isinstance(chain, BrainChain)
    assert [b.name for b in chain.brains] == ["openai", "openai-secondary", "rules"]
    assert Settings(brains="rules,openai").brain_chain == ["openai", "rules"]
    assert build_brain(Settings(brain="rules")).name == "rules"
