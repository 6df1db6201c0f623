"""The wire format of the OpenAI-compatible stand-in: scripted replies, per-server request
checks, usage with a prefix cache, and Server-Sent Events chunks.

Server differences modelled (``Server``), as documented by each project and as met in use:

- ``openai``: named or "required" ``tool_choice``; parallel tool calls; ``refusal``;
  ``response_format`` JSON schema; usage with ``prompt_tokens_details.cached_tokens`` (a
  prefix cache, 128-token steps past 1,024 tokens).
- ``vllm``: named and "required" ``tool_choice`` honoured; tools without ``tool_choice`` mean
  "auto", which a server started without ``--enable-auto-tool-choice`` rejects with a 400;
  JSON schema honoured; cached tokens reported.
- ``ollama``: ``tool_choice`` ignored (the model calls the tool or not, here it does);
  ``response_format`` JSON schema honoured; ``owned_by: library``; no cached tokens.
- ``llamacpp``: only the strings "auto"/"required"/"none" for ``tool_choice`` (a named
  object is the wrong type: read as "auto"); with ``tool_choice`` omitted the tools are
  ignored; under "auto" the model writes its call as Hermes ``<tool_call>`` text that the
  template's parser missed; an assistant message with ``content: null`` is a 500; ``role:
  tool`` messages are dropped; JSON schema honoured.
- ``llama-cpp-python`` (its ``chatml-function-calling`` handler, read in its source and met in
  use): a named ``tool_choice`` is a grammar-constrained call (``content: null``, a legacy
  ``function_call`` beside ``tool_calls``, ``finish_reason`` always "tool_calls", even when
  ``max_tokens`` cut the arguments short); ``"required"`` is a 500 with an empty message (an
  ``assert tool_choice == "auto"``); tools without ``tool_choice`` are ignored; ``role: tool``
  messages are not rendered; ``response_format`` takes only ``text``/``json_object`` (a
  ``json_schema`` is a 422); ``owned_by: me``; usage without cached tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from agent.brains.prompts import TOOL_NAME

Server = Literal["openai", "vllm", "ollama", "llamacpp", "llama-cpp-python"]
OWNED_BY: dict[Server, str] = {
    "openai": "system",
    "vllm": "vllm",
    "ollama": "library",
    "llamacpp": "llamacpp",
    "llama-cpp-python": "me",
}
DROPS_TOOL_MESSAGES: frozenset[Server] = frozenset({"llamacpp", "llama-cpp-python"})
READS_MAX_COMPLETION_TOKENS: frozenset[Server] = frozenset({"openai", "vllm"})
"""The others read only the older ``max_tokens`` and ignore ``max_completion_tokens``."""


@dataclass(frozen=True)
class ToolCall:
    """Answer with one tool call; ``arguments`` as a dict, or a raw string (malformed JSON).

    ``finish_reason`` "length" plays a generation cut off by the token limit.
    """

    arguments: dict[str, Any] | str
    name: str = TOOL_NAME
    finish_reason: str = "tool_calls"


@dataclass(frozen=True)
class ParallelToolCalls:
    """Answer with several tool calls in one message (OpenAI's parallel tool calls)."""

    calls: tuple[ToolCall, ...]


@dataclass(frozen=True)
class Text:
    """Answer with plain assistant text and no tool call."""

    content: str
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Refusal:
    """Answer with OpenAI's ``refusal`` field set and no content."""

    refusal: str = "I'm sorry, I can't help with that."


@dataclass(frozen=True)
class HTTPError:
    """Answer with an OpenAI-style error body and this status (and headers, e.g. Retry-After)."""

    status: int
    message: str = "fake error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Stall:
    """Wait ``seconds`` (cut short when the server stops), then give ``then`` if any."""

    seconds: float
    then: ToolCall | Text | HTTPError | None = None


Reply = ToolCall | ParallelToolCalls | Text | Refusal | HTTPError | Stall


def hermes_text(arguments: dict[str, Any], name: str = TOOL_NAME) -> str:
    """A tool call written as Qwen/Hermes text, as a template parser may leave it."""
    payload = json.dumps({"name": name, "arguments": arguments}, ensure_ascii=False)
    return f"<tool_call>\n{payload}\n</tool_call>"


def check_request(body: Any, server: Server) -> tuple[int, str] | None:
    """What the server rejects (status, message), for the parts a client can get wrong."""
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object"
    if not body.get("model"):
        return 400, "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return 400, "'messages' must be a non-empty array"
    if any(not isinstance(m, dict) or "role" not in m for m in messages):
        return 400, "every message needs a role"
    if server == "llamacpp" and any(
        m.get("role") == "assistant" and m.get("content") is None for m in messages
    ):
        return 500, "Expected 'content' to be a string or an array"
    names = {t.get("function", {}).get("name") for t in body.get("tools") or []}
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("function", {}).get("name") not in names:
        return 400, "tool_choice names a function that is not in 'tools'"
    if choice is not None and not body.get("tools"):
        return 400, "'tool_choice' is only allowed when 'tools' are specified"
    if server == "vllm" and body.get("tools") and choice in (None, "auto"):
        return 400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser'
    if server == "llama-cpp-python":
        return _llama_cpp_python_rejects(body, choice)
    return None


def _llama_cpp_python_rejects(body: dict[str, Any], choice: Any) -> tuple[int, str] | None:
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") not in ("text", "json_object"):
        return 422, "response_format.type: Input should be 'text' or 'json_object'"
    if body.get("tools") and choice == "required":
        return 500, ""  # AssertionError() in chatml_function_calling, as the server words it
    return None


def token_limit(body: dict[str, Any], server: Server) -> int | None:
    """The completion cap this server reads from the request, if any."""
    names = ["max_tokens"]
    if server in READS_MAX_COMPLETION_TOKENS:
        names.insert(0, "max_completion_tokens")
    limit = next((body[n] for n in names if isinstance(body.get(n), int)), None)
    return limit if limit is None or limit > 0 else None


def cut_short(message: dict[str, Any], limit: int | None) -> bool:
    """Cut the text or the first call's arguments at ``limit`` tokens; True when cut."""
    if limit is None:
        return False
    chars = limit * 4  # as ``usage`` counts
    calls = message.get("tool_calls") or []
    if calls:
        function = calls[0]["function"]
        if len(function["arguments"]) <= chars:
            return False
        function["arguments"] = function["arguments"][:chars]
        return True
    content = message.get("content")
    if not isinstance(content, str) or len(content) <= chars:
        return False
    message["content"] = content[:chars]
    return True


def wants_json_schema(body: dict[str, Any]) -> bool:
    """The request asks for a JSON object matching a schema (``response_format``)."""
    fmt = body.get("response_format")
    return isinstance(fmt, dict) and fmt.get("type") in ("json_schema", "json_object")


def effective_tool_choice(body: dict[str, Any], server: Server) -> str | None:
    """How the server treats the request's tools: "forced", "hermes", "ignored" or None."""
    if not body.get("tools"):
        return None
    choice = body.get("tool_choice")
    if server == "llamacpp":
        if choice is None:
            return "ignored"
        return "forced" if choice == "required" else "hermes"
    if server == "llama-cpp-python" and choice in (None, "none"):
        return "ignored"
    return "forced"  # OpenAI and vLLM honour it, Ollama's model calls the tool anyway


class PrefixCache:
    """OpenAI-style prompt caching: the longest prefix shared with an earlier request."""

    def __init__(self) -> None:
        self._seen: list[str] = []

    def cached_tokens(self, prompt: str) -> int:
        best = max((_common(prompt, old) for old in self._seen), default=0)
        self._seen = [*self._seen[-31:], prompt]
        tokens = best // 4
        return 0 if tokens < 1024 else tokens - tokens % 128


def _common(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def prompt_text(body: dict[str, Any]) -> str:
    """What the server tokenises, in its order: tools, then the messages."""
    return json.dumps(body.get("tools") or [], ensure_ascii=False) + json.dumps(
        body.get("messages"), ensure_ascii=False
    )


def usage(prompt: str, message: dict[str, Any], cached: int | None) -> dict[str, Any]:
    """Token counts (about four characters a token, as clients only add them up)."""
    prompt_tokens = len(prompt) // 4
    completion = max(1, len(json.dumps(message)) // 4)
    found: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": prompt_tokens + completion,
    }
    if cached is not None:
        found["prompt_tokens_details"] = {"cached_tokens": cached}
    return found


def chunk(head: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
    return {**head, "object": "chat.completion.chunk", "choices": [choice]}


def deltas(message: dict[str, Any], piece: int = 16) -> list[dict[str, Any]]:
    """The deltas OpenAI streams for a message: role first, then text or argument fragments."""
    found: list[dict[str, Any]] = [
        {"role": "assistant", "content": "" if message["content"] else None}
    ]
    content = message["content"] or ""
    found += [{"content": content[i : i + piece]} for i in range(0, len(content), piece)]
    for index, call in enumerate(message.get("tool_calls") or []):
        function = call["function"]
        opening = {"name": function["name"], "arguments": ""}
        found.append(
            {
                "tool_calls": [
                    {"index": index, "id": call["id"], "type": "function", "function": opening}
                ]
            }
        )
        arguments = function["arguments"]
        for i in range(0, len(arguments), piece):
            fragment = {"arguments": arguments[i : i + piece]}
            found.append({"tool_calls": [{"index": index, "function": fragment}]})
    return found
