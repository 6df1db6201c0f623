"""The LLM brain against each server the README names, as the stand-in plays them: the request
shape is found by a probe (or set), and every answer form real servers send is read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.brains import OpenAIBrain
from agent.brains.base import BrainFailure
from agent.brains.prompts import TOOL_NAME
from agent.brains.rules import RulesBrain
from agent.understanding import BrainContext, Intent, OfferedOption
from tests.fakes.openai_endpoint import FakeOpenAI, ParallelToolCalls, Text, ToolCall
from tests.fakes.openai_wire import Server, hermes_text

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
OFFERED = [
    OfferedOption(index=0, start=datetime(2026, 11, 24, 9, 30, tzinfo=PARIS)),
    OfferedOption(index=1, start=datetime(2026, 11, 26, 14, 0, tzinfo=PARIS)),
]
TURNS: list[tuple[str, str]] = [
    ("greeting", "Je voudrais un rendez-vous mardi après-midi avec le docteur Martin"),
    ("identity", "Marie Dupont, née le 12 mars 1985"),
    ("slot_choice", "the second one"),
    ("confirm", "oui c'est parfait"),
]


def context(phase: str, **values: Any) -> BrainContext:
    return BrainContext(
        language="fr",
        phase=phase,  # type: ignore[arg-type]
        now=NOW,
        offered=OFFERED if phase == "slot_choice" else [],
        transcript=[("agent", "Bonjour, que puis-je faire pour vous ?")],
        last_agent_reply="Bonjour, que puis-je faire pour vous ?",
        practitioner_names=["Dr Claire Martin", "Dr Paul Bernard"],
        **values,
    )


async def no_sleep(seconds: float) -> None:
    return None


def brain(fake: FakeOpenAI, **options: Any) -> OpenAIBrain:
    values: dict[str, Any] = {"model": "fake-model", "base_url": fake.base_url, "sleep": no_sleep}
    return OpenAIBrain(**{**values, **options})


SERVERS = ["openai", "vllm", "ollama", "llamacpp", "llama-cpp-python"]


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(brain=RulesBrain(), server=request.param) as fake:
        yield fake


@pytest.mark.parametrize(("phase", "text"), TURNS)
async def test_the_probe_picks_a_shape_each_server_answers(
    server: FakeOpenAI, phase: str, text: str
) -> None:
    llm = brain(server, server="auto")
    ctx = context(phase)

    got = await llm.attempt(text, ctx, budget_s=5)

    assert llm.shape.server == server.server
    assert got.understanding == RulesBrain().read(text, ctx)
    body = server.requests[-1].body
    expected_choice = {
        "openai": {"type": "function", "function": {"name": TOOL_NAME}},
        "vllm": {"type": "function", "function": {"name": TOOL_NAME}},
        "llamacpp": "required",
        "llama-cpp-python": {"type": "function", "function": {"name": TOOL_NAME}},
    }
    if server.server == "ollama":  # tool_choice is ignored there: a JSON schema instead
        assert "tools" not in body and body["response_format"]["type"] == "json_schema"
    else:
        assert body["tool_choice"] == expected_choice[server.server]
    # Nothing a local server chokes on: no null assistant content, no tool messages.
    for message in body["messages"]:
        assert message["role"] != "tool"
        assert isinstance(message["content"], str)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("llamacpp", "no_tool_call"), ("vllm", "rejected"), ("llama-cpp-python", "no_tool_call")],
    ids=["llamacpp-ignores-the-tools", "vllm-rejects-auto", "llama-cpp-python-ignores-the-tools"],
)
async def test_tools_without_tool_choice_fail_on_local_servers(kind: Server, reason: str) -> None:
    with FakeOpenAI(brain=RulesBrain(), server=kind) as fake:
        llm = brain(fake, server="openai", tool_choice="omit")
        with pytest.raises(BrainFailure) as failure:
            await llm.attempt("je voudrais un rendez-vous", context("greeting"), budget_s=5)
    assert failure.value.reason == reason


async def test_llamacpp_given_a_named_choice_answers_hermes_text_which_is_read() -> None:
    with FakeOpenAI(brain=RulesBrain(), server="llamacpp") as fake:
        llm = brain(fake, server="openai")  # the wrong shape for this server
        got = await llm.attempt("je voudrais annuler", context("greeting"), budget_s=5)
    assert got.understanding.intent is Intent.CANCEL


@pytest.mark.parametrize(
    "reply",
    [
        Text(hermes_text({"intent": "cancel", "language": "en"})),
        Text(
            '<tool_call>{"name": "record_understanding", '
            '"arguments": "{\\"intent\\": \\"cancel\\"}"}'
        ),
        Text('```json\n{"name": "record_understanding", "parameters": {"intent": "cancel"}}\n```'),
        Text('{"intent": "cancel"}'),
        ToolCall({"name": TOOL_NAME, "arguments": {"intent": "cancel"}}),
        ParallelToolCalls(
            (ToolCall({"intent": "cancel"}), ToolCall({"topic": "x"}, name="lookup_patient"))
        ),
    ],
    ids=[
        "hermes",
        "hermes-string-args-unclosed",
        "fenced-wrapper",
        "bare-json",
        "wrapped-args",
        "parallel",
    ],
)
async def test_every_form_of_the_call_is_read(reply: Any) -> None:
    with FakeOpenAI() as fake:
        fake.play(reply)
        got = await brain(fake).attempt("cancel my appointment", context("greeting"), budget_s=5)
    assert got.understanding.intent is Intent.CANCEL


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Text(hermes_text({"intent": "cancel"}, name="delete_all_appointments")), "no_tool_call"),
        (Text("<tool_call>{not json}</tool_call>"), "malformed"),
        (
            ToolCall({"name": "read_record", "arguments": {"patient": "Jean Dupont"}}),
            "no_tool_call",
        ),
        (Text("I am sorry but I cannot help.", finish_reason="stop"), "no_tool_call"),
    ],
    ids=["hermes-unknown-tool", "hermes-bad-json", "wrapped-unknown-tool", "prose"],
)
async def test_unusable_forms_are_failures_with_a_reason(reply: Any, reason: str) -> None:
    with FakeOpenAI() as fake:
        fake.play(reply)
        with pytest.raises(BrainFailure) as failure:
            await brain(fake).attempt("cancel it", context("greeting"), budget_s=5)
    assert failure.value.reason == reason


async def test_llama_cpp_python_fails_the_required_choice_and_the_chain_reads_the_turn() -> None:
    """The shape meant for llama.cpp's own server is a 500 on llama-cpp-python's."""
    with FakeOpenAI(brain=RulesBrain(), server="llama-cpp-python") as fake:
        with pytest.raises(BrainFailure) as failure:
            await brain(fake, server="llamacpp", max_attempts=1).attempt(
                "je voudrais annuler", context("greeting"), budget_s=5
            )
        right = await brain(fake, server="llama-cpp-python").attempt(
            "je voudrais annuler", context("greeting"), budget_s=5
        )
    assert failure.value.reason == "server_error"
    assert right.understanding.intent is Intent.CANCEL


async def test_llama_cpp_python_cut_off_arguments_are_malformed_not_read() -> None:
    """Its finish_reason says "tool_calls" even when max_tokens cut the JSON short."""
    with FakeOpenAI(server="llama-cpp-python") as fake:
        fake.play(ToolCall('{"intent": "cancel", "given_name": "Mar', finish_reason="length"))
        with pytest.raises(BrainFailure) as failure:
            await brain(fake, server="llama-cpp-python").attempt(
                "cancel it", context("greeting"), budget_s=5
            )
        answered = fake.requests[-1]
    assert failure.value.reason == "malformed"
    assert answered.body["tool_choice"]["function"]["name"] == TOOL_NAME


@pytest.mark.parametrize("kind", SERVERS)
def test_the_models_endpoint_tells_the_kind(kind: Server) -> None:
    with FakeOpenAI(server=kind) as fake:
        assert brain(fake, server="auto").shape.server == kind


LOOPING = ToolCall({"intent": "book", "urgency_reason": "and then " * 2000})
"""A small model looping inside a string: thousands of tokens if nothing stops it."""


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("openai", "length"), ("vllm", "length"), ("llamacpp", "length"), ("ollama", "length"),
     ("llama-cpp-python", "malformed")],
)  # fmt: skip
async def test_every_server_is_sent_the_completion_cap_it_reads(kind: Server, reason: str) -> None:
    """A looping answer is cut at the cap, so the chain moves on instead of waiting."""
    with FakeOpenAI(server=kind) as fake:
        fake.play(LOOPING)
        with pytest.raises(BrainFailure) as failure:
            await brain(fake, server=kind, max_tokens=300).attempt(
                "I'd like to book", context("greeting"), budget_s=5
            )
        body = fake.requests[-1].body
    assert failure.value.reason == reason  # cut JSON is never read as a reading
    assert body.get("max_completion_tokens") == 300
    if kind != "openai":  # OpenAI reads the new name; local servers only the old one
        assert body["max_tokens"] == 300
    else:
        assert "max_tokens" not in body


async def test_a_cut_json_schema_answer_falls_back_without_marking_the_server_down() -> None:
    """The SDK raises on a cut JSON-schema answer: the model's fault, not the server's."""
    from agent.brains.chain import BrainChain

    with FakeOpenAI(brain=RulesBrain(), server="ollama") as fake:
        fake.play(LOOPING)
        llm = brain(fake, server="ollama", max_tokens=300)
        chain = BrainChain([llm, RulesBrain()])
        first = await chain.read_turn("I would like an appointment", context("greeting"))
        second = await chain.read_turn("I want to cancel my appointment", context("greeting"))
    assert [e[1]["reason"] for e in first.events] == ["length"]
    assert first.understanding.intent is Intent.BOOK  # the rule brain read the same turn
    assert (second.brain, second.understanding.intent) == ("openai", Intent.CANCEL)
