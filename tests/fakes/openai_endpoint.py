"""A real OpenAI-compatible HTTP server on 127.0.0.1, for testing the LLM brain offline.

It serves ``POST /v1/chat/completions`` in OpenAI's wire format, plain JSON or Server-Sent
Events (``stream: true``: chunks with tool-call deltas, a usage chunk when asked, then
``data: [DONE]``), and ``GET /v1/models``; it records every request it got. ``server``
picks which real server it behaves like (OpenAI, vLLM, Ollama, llama.cpp: see
``tests.fakes.openai_wire``). It answers in two ways:

- playback: replies queued with :meth:`FakeOpenAI.play` are served in order (a tool call,
  parallel tool calls, a refusal, plain text, raw or malformed arguments, an HTTP error such
  as 500 or 429 with Retry-After, a stall that outlasts the client's timeout);
- understanding: when the queue is empty and a brain was given (the rule-based brain), the
  answer is what that brain understands of the patient's words, in the ``BrainContext`` read
  back from the prompt, shaped as the chosen server would send it. ``tamper`` may rewrite
  it first: realistic over-filled outputs (``tests.fakes.overfill``) or hostile ones.

With an empty queue and no brain it answers 500, so an unexpected call is visible.
``python -m tests.fakes.openai_endpoint --port 8089 --delay 0.3`` runs it as a process (for
``frontdesk eval --brain openai`` and ``frontdesk bench turns --brain openai``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.brains.prompts import TOOL_NAME, extract_context, patient_words
from agent.understanding import Brain, BrainContext
from tests.fakes.openai_wire import (
    DROPS_TOOL_MESSAGES,
    OWNED_BY,
    HTTPError,
    ParallelToolCalls,
    PrefixCache,
    Refusal,
    Reply,
    Server,
    Stall,
    Text,
    ToolCall,
    check_request,
    chunk,
    cut_short,
    deltas,
    effective_tool_choice,
    hermes_text,
    prompt_text,
    token_limit,
    usage,
    wants_json_schema,
)

__all__ = [
    "FakeOpenAI",
    "HTTPError",
    "ParallelToolCalls",
    "RecordedRequest",
    "Refusal",
    "Stall",
    "Text",
    "ToolCall",
]

COMPLETIONS_PATH = "/v1/chat/completions"

Tamper = Callable[[str, BrainContext, dict[str, Any]], "dict[str, Any] | Reply"]
"""(patient words, context, the inner brain's arguments) -> arguments or a whole reply."""


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
    def last_user_raw(self) -> str:
        """The whole last user message (per-turn state and the patient's words)."""
        users = [m for m in self.messages if m.get("role") == "user"]
        return _text(users[-1]) if users else ""

    @property
    def last_user_text(self) -> str:
        """The patient's words in the last user message."""
        return patient_words(self.last_user_raw)


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""


class FakeOpenAI:
    """The fake endpoint. Use as a context manager, or :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        *,
        brain: Brain | None = None,
        api_key: str | None = None,
        server: Server = "openai",
        delay_s: float = 0.0,
        tamper: Tamper | None = None,
        port: int = 0,
    ) -> None:
        """Create (not start) the server.

        Args:
            brain: answer unscripted requests with what this brain understands.
            api_key: when set, requests without ``Authorization: Bearer <api_key>`` get 401.
            server: which real server to behave like.
            delay_s: how long every answer takes (a model's compute time, for benchmarks).
            tamper: rewrites the inner brain's arguments (over-filled or hostile outputs).
            port: the port to listen on (0: any free one).
        """
        self.brain = brain
        self.api_key = api_key
        self.server = server
        self.delay_s = delay_s
        self.tamper = tamper
        self.port = port
        self.cache = PrefixCache()
        self.dropped_messages = 0
        """``role: tool`` messages a llama.cpp-like server dropped."""
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
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
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
        tools = any(tool.get("function", {}).get("name") == TOOL_NAME for tool in request.tools)
        if not tools and not wants_json_schema(request.body):
            return Text("I can only record understandings.")
        context = extract_context(request.messages)
        if context is None or self.brain is None:
            return Text("No conversation state found in the prompt.")
        text = request.last_user_text
        with self._brain_lock:  # the rule brain is not promised to be thread-safe
            understanding = asyncio.run(self.brain.understand(text, context))
        arguments: dict[str, Any] | Reply = understanding.model_dump(
            mode="json", exclude_defaults=True
        )
        if self.tamper is not None:
            assert isinstance(arguments, dict)
            arguments = self.tamper(text, context, arguments)
        if not isinstance(arguments, dict):
            return arguments  # the tamper wrote the whole reply
        return self.shaped(request.body, arguments)

    def shaped(self, body: dict[str, Any], arguments: dict[str, Any]) -> Reply:
        """The reply this server sends for a model that means ``arguments``."""
        if wants_json_schema(body):
            return Text(json.dumps(arguments, ensure_ascii=False))
        how = effective_tool_choice(body, self.server)
        if how == "hermes":
            return Text(hermes_text(arguments))
        if how == "ignored":
            return Text("Of course! I'd be happy to help you with your appointment.")
        return ToolCall(arguments)

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
            owner = OWNED_BY[self.fake.server]
            model = {"id": "fake-model", "object": "model", "owned_by": owner}
            self._json(200, {"object": "list", "data": [model]})
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
        problem = check_request(body, self.fake.server)
        if problem:
            status, text = problem
            self._error(status, text, "invalid_request_error" if status < 500 else "server_error")
            return
        if self.fake.server in DROPS_TOOL_MESSAGES:
            kept = [m for m in body["messages"] if m.get("role") != "tool"]
            self.fake.dropped_messages += len(body["messages"]) - len(kept)
            body = {**body, "messages": kept}
        if self.fake.api_key and self.headers.get("Authorization") != f"Bearer {self.fake.api_key}":
            self._error(401, "Incorrect API key provided", "invalid_request_error")
            return
        request = RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        reply = self.fake._next_reply(request)
        if self.fake.delay_s and self.fake._wait(self.fake.delay_s):
            return
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
        if isinstance(reply, Stall):  # a stall scripted after a stall: answer nothing
            return
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = "stop"
        if isinstance(reply, Text):
            message["content"] = reply.content
            finish = reply.finish_reason
        elif isinstance(reply, Refusal):
            message["refusal"] = reply.refusal
        else:
            calls = reply.calls if isinstance(reply, ParallelToolCalls) else (reply,)
            message["tool_calls"] = [self._call(call) for call in calls]
            finish = calls[0].finish_reason if calls else "stop"
        if cut_short(message, token_limit(body, self.fake.server)):
            finish = "length"
        if self.fake.server == "llama-cpp-python" and message.get("tool_calls"):
            # Its function handler always says "tool_calls", cut short or not.
            message["function_call"] = message["tool_calls"][0]["function"]
            finish = "tool_calls"
        prompt = prompt_text(body)
        cached = self.fake.cache.cached_tokens(prompt)
        counted = usage(prompt, message, cached if self.fake.server in ("openai", "vllm") else None)
        model = body.get("model", "fake-model")
        head = {"id": self.fake._completion_id(), "created": 1_700_000_000, "model": model}
        head["system_fingerprint"] = "fp_fake"
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(head, message, finish, counted if include_usage else None)
            return
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        self._json(
            200, {**head, "object": "chat.completion", "choices": [choice], "usage": counted}
        )

    def _call(self, call: ToolCall) -> dict[str, Any]:
        arguments = call.arguments
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, ensure_ascii=False)
        call_id = f"call_fake{next(self.fake._ids):06d}"
        function = {"name": call.name, "arguments": arguments}
        return {"id": call_id, "type": "function", "function": function}

    def _stream(
        self,
        head: dict[str, Any],
        message: dict[str, Any],
        finish: str,
        usage: dict[str, Any] | None,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for delta in deltas(message):
            self._event(chunk(head, delta, None))
        self._event(chunk(head, {}, finish))
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


def main() -> None:
    """Run the stand-in as a process, answering like the rule brain."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--server", choices=list(OWNED_BY), default="openai")
    parser.add_argument("--api-key", default=None, help="require this key (default: none)")
    parser.add_argument("--overfill", action="store_true", help="answer like a small model")
    options = parser.parse_args()
    from agent.brains.rules import RulesBrain  # type: ignore[import-not-found,unused-ignore]
    from tests.fakes.overfill import overfill

    fake = FakeOpenAI(
        brain=RulesBrain(),
        api_key=options.api_key,
        server=options.server,
        delay_s=options.delay,
        tamper=overfill if options.overfill else None,
        port=options.port,
    ).start()
    print(f"stand-in OpenAI endpoint ({options.server}) at {fake.base_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
