"""A real OpenAI-compatible HTTP server on 127.0.0.1, for testing the LLM brain offline.

It serves ``POST /v1/chat/completions`` in OpenAI's wire format, plain JSON or Server-Sent
Events (``stream: true``: chunks with tool-call deltas, a usage chunk when asked, then
``data: [DONE]``), and records every request it got. It answers in two ways:

- playback: replies queued with :meth:`FakeOpenAI.play` are served in order (a tool call,
  plain text, raw or malformed arguments, an HTTP error such as 500 or 429 with Retry-After,
  a stall that outlasts the client's timeout);
- understanding: when the queue is empty and a brain was given (the rule-based brain), the
  tool call arguments are what that brain understands of the last user message, in the
  ``BrainContext`` recovered from the system prompt and the transcript from the messages. This
  lets every conversation test run with the LLM brain too.

With an empty queue and no brain it answers 500, so an unexpected call is visible.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.brains.prompts import TOOL_NAME, extract_context
from agent.understanding import Brain

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class ToolCall:
    """Answer with one tool call; ``arguments`` as a dict, or a raw string (malformed JSON).

    ``finish_reason`` "length" plays a generation cut off by the token limit.
    """

    arguments: dict[str, Any] | str
    name: str = TOOL_NAME
    finish_reason: str = "tool_calls"


@dataclass(frozen=True)
class Text:
    """Answer with plain assistant text and no tool call."""

    content: str


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


Reply = ToolCall | Text | HTTPError | Stall


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def tools(self) -> list[dict[str, Any]]:
        return list(self.body.get("tools") or [])

    @property
    def system_text(self) -> str:
        return next((_text(m) for m in self.messages if m.get("role") == "system"), "")

    @property
    def last_user_text(self) -> str:
        users = [m for m in self.messages if m.get("role") == "user"]
        return _text(users[-1]) if users else ""


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""


class FakeOpenAI:
    """The fake endpoint. Use as a context manager, or :meth:`start` / :meth:`stop`."""

    def __init__(self, *, brain: Brain | None = None, api_key: str | None = None) -> None:
        """Create (not start) the server.

        Args:
            brain: answer unscripted requests with what this brain understands.
            api_key: when set, requests without ``Authorization: Bearer <api_key>`` get 401.
        """
        self.brain = brain
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._brain_lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- control -------------------------------------------------------------------------
    def play(self, *replies: Reply) -> None:
        """Queue replies, served one per request in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """How many queued replies were not served yet."""
        with self._lock:
            return len(self._queue)

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (``http://127.0.0.1:PORT/v1``)."""
        if self._server is None:
            raise RuntimeError("the fake OpenAI endpoint is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        """Start serving on an ephemeral port in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (stalled replies are released at once)."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- answering -----------------------------------------------------------------------
    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        if self.brain is not None:
            return self._understand(request)
        return HTTPError(500, "the fake OpenAI endpoint has no scripted reply left")

    def _understand(self, request: RecordedRequest) -> Reply:
        if not any(tool.get("function", {}).get("name") == TOOL_NAME for tool in request.tools):
            return Text("I can only record understandings.")
        transcript: list[tuple[str, str]] = []
        turns = [m for m in request.messages if m.get("role") in ("user", "assistant")]
        for message in turns[:-1]:
            role = "patient" if message["role"] == "user" else "agent"
            transcript.append((role, _text(message)))
        context = extract_context(request.system_text, transcript)
        if context is None or self.brain is None:
            return Text("No conversation state found in the system prompt.")
        with self._brain_lock:  # the rule brain is not promised to be thread-safe
            understanding = asyncio.run(self.brain.understand(request.last_user_text, context))
        return ToolCall(understanding.model_dump(mode="json", exclude_defaults=True))

    def _completion_id(self) -> str:
        return f"chatcmpl-fake{next(self._ids):06d}"

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server stops first; True when it is stopping."""
        return self._stopping.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    server_version = "FakeOpenAI/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
        else:
            self._error(404, "not found", "invalid_request_error")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path != COMPLETIONS_PATH:
            self._error(404, f"no route {self.path}", "invalid_request_error")
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._error(400, "the body is not valid JSON", "invalid_request_error")
            return
        problem = _check_request(body)
        if problem:
            self._error(400, problem, "invalid_request_error")
            return
        if self.fake.api_key and self.headers.get("Authorization") != f"Bearer {self.fake.api_key}":
            self._error(401, "Incorrect API key provided", "invalid_request_error")
            return
        request = RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        reply = self.fake._next_reply(request)
        if isinstance(reply, Stall):
            if self.fake._wait(reply.seconds) or reply.then is None:
                return
            reply = reply.then
        # A client that gave up (timeout) has closed the socket: nothing to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(reply, body)

    def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
        if isinstance(reply, HTTPError):
            self._error(reply.status, reply.message, "server_error", reply.headers)
            return
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = "stop"
        if isinstance(reply, Text):
            message["content"] = reply.content
        elif isinstance(reply, ToolCall):
            arguments = reply.arguments
            if not isinstance(arguments, str):
                arguments = json.dumps(arguments, ensure_ascii=False)
            call_id = f"call_fake{next(self.fake._ids):06d}"
            message["tool_calls"] = [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": reply.name, "arguments": arguments},
                }
            ]
            finish = reply.finish_reason
        usage = _usage(body, message)
        model = body.get("model", "fake-model")
        head = {"id": self.fake._completion_id(), "created": 1_700_000_000, "model": model}
        head["system_fingerprint"] = "fp_fake"
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(head, message, finish, usage if include_usage else None)
            return
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        self._json(200, {**head, "object": "chat.completion", "choices": [choice], "usage": usage})

    def _stream(
        self,
        head: dict[str, Any],
        message: dict[str, Any],
        finish: str,
        usage: dict[str, int] | None,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for delta in _deltas(message):
            self._event(_chunk(head, delta, None))
        self._event(_chunk(head, {}, finish))
        if usage is not None:
            self._event({**head, "object": "chat.completion.chunk", "choices": [], "usage": usage})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, payload: dict[str, Any]) -> None:
        self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
        self.wfile.flush()

    def _json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(
        self, status: int, message: str, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        error = {"message": message, "type": kind, "param": None, "code": None}
        self._json(status, {"error": error}, headers)


def _check_request(body: Any) -> str | None:
    """What OpenAI would reject with a 400, for the parts a client can get wrong."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not body.get("model"):
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    if any(not isinstance(m, dict) or "role" not in m for m in messages):
        return "every message needs a role"
    names = {t.get("function", {}).get("name") for t in body.get("tools") or []}
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("function", {}).get("name") not in names:
        return "tool_choice names a function that is not in 'tools'"
    if choice is not None and not body.get("tools"):
        return "'tool_choice' is only allowed when 'tools' are specified"
    return None


def _usage(body: dict[str, Any], message: dict[str, Any]) -> dict[str, int]:
    """Rough token counts (about four characters a token), as clients only add them up."""
    prompt = len(json.dumps(body.get("messages"))) // 4
    completion = max(1, len(json.dumps(message)) // 4)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _chunk(head: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
    return {**head, "object": "chat.completion.chunk", "choices": [choice]}


def _deltas(message: dict[str, Any], piece: int = 16) -> list[dict[str, Any]]:
    """The deltas OpenAI streams for a message: role first, then text or argument fragments."""
    deltas: list[dict[str, Any]] = [
        {"role": "assistant", "content": "" if message["content"] else None}
    ]
    content = message["content"] or ""
    deltas += [{"content": content[i : i + piece]} for i in range(0, len(content), piece)]
    for index, call in enumerate(message.get("tool_calls") or []):
        function = call["function"]
        opening = {"name": function["name"], "arguments": ""}
        deltas.append(
            {
                "tool_calls": [
                    {"index": index, "id": call["id"], "type": "function", "function": opening}
                ]
            }
        )
        arguments = function["arguments"]
        for i in range(0, len(arguments), piece):
            fragment = {"arguments": arguments[i : i + piece]}
            deltas.append({"tool_calls": [{"index": index, "function": fragment}]})
    return deltas
