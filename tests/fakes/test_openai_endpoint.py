"""The fake OpenAI endpoint speaks OpenAI's wire format (checked with plain HTTP, no SDK)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.openai_endpoint import FakeOpenAI, HTTPError, ToolCall

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
