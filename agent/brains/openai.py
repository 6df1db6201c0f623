"""The LLM brain: an OpenAI-compatible chat model (OpenAI, vLLM, Ollama, a llama.cpp server) that
reads one patient turn by calling a single forced tool whose arguments are an ``Understanding``.

A phone caller is waiting, so each request has its own timeout and the turn has a budget:
transient errors (connection, timeout, 408/409/429/5xx) are retried with short waits while the
budget lasts. ``attempt`` raises a :class:`BrainFailure` with the reason when no usable reading
came back (the chain then asks the next brain); ``understand`` answers an empty
``Understanding`` instead, for callers that use this brain alone. Every value the model
returns is checked against the caller's words (``agent.brains.grounding``) before it is used.
Logs name the error type only, never the patient's words.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import httpx
import openai
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_openai import ChatOpenAI
from pydantic import SecretStr
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
)

from agent.brains.base import Attempt, BrainFailure, FailureReason, Usage
from agent.brains.grounding import ground
from agent.brains.parsing import to_understanding, tool_arguments
from agent.brains.prompts import TOOL_DESCRIPTION, TOOL_NAME, chat_messages
from agent.brains.servers import (
    SHAPES,
    RequestShape,
    ServerSetting,
    kind_from_models,
    models_url,
    resolve_shape,
)
from agent.settings import Settings
from agent.understanding import BrainContext, Understanding

log = logging.getLogger(__name__)

#: Sent when a local server needs no key (the OpenAI client refuses an empty one).
LOCAL_PLACEHOLDER_KEY = "not-needed"
_TRANSIENT_STATUS = frozenset({408, 409, 429})


class BrainConfigurationError(ValueError):
    """The settings do not describe a brain that can run."""


def understanding_tool() -> dict[str, Any]:
    """The OpenAI tool definition whose arguments are an ``Understanding``."""
    tool = convert_to_openai_tool(Understanding)
    tool["function"]["name"] = TOOL_NAME
    tool["function"]["description"] = TOOL_DESCRIPTION
    return tool


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APIConnectionError, TimeoutError)):  # timeouts included
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def _reason(exc: BaseException) -> FailureReason:
    # A JSON-schema answer is parsed by the SDK, which raises on a cut-off or filtered answer:
    # the model's answer, not the server's health.
    if isinstance(exc, openai.LengthFinishReasonError):
        return "length"
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return "refusal"
    if isinstance(exc, (openai.APITimeoutError, TimeoutError)):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "unavailable"
    if isinstance(exc, openai.APIStatusError) and not _is_transient(exc):
        return "rejected"
    return "server_error"


def _retry_after(exc: BaseException | None) -> float | None:
    """The server's own wait hint (``retry-after-ms`` or ``retry-after`` seconds), if any."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = response.headers.get(header)
        if raw is None:
            continue
        try:
            return max(float(raw) / divisor, 0.0)
        except ValueError:
            continue  # an HTTP date: fall back to our own backoff
    return None


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__} {status}" if status else type(exc).__name__


def _usage(reply: AIMessage, elapsed_ms: float) -> Usage:
    meta: Any = reply.usage_metadata or {}
    details = meta.get("input_token_details") or {}
    return Usage(
        calls=1,
        prompt_tokens=int(meta.get("input_tokens") or 0),
        completion_tokens=int(meta.get("output_tokens") or 0),
        cached_tokens=int(details.get("cache_read") or 0),
        llm_ms=elapsed_ms,
    )


class OpenAIBrain:
    """Understands a patient turn with an OpenAI-compatible chat model and one forced tool."""

    def __init__(
        self,
        *,
        model: str,
        api_key: SecretStr | None = None,
        base_url: str | None = None,
        name: str = "openai",
        request_timeout_s: float = 8.0,
        turn_budget_s: float = 10.0,
        max_attempts: int = 3,
        backoff_s: float = 0.25,
        max_wait_s: float = 2.0,
        max_turns: int = 12,
        max_tokens: int | None = 400,
        temperature: float | None = 0.0,
        streaming: bool = False,
        server: ServerSetting = "openai",
        tool_choice: Literal["named", "required", "omit"] | None = None,
        grounding: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        http_async_client: Any = None,
    ) -> None:
        """Build the brain.

        Args:
            model: model name, as the endpoint knows it.
            api_key: the key; a placeholder is sent when None (local servers need none).
            base_url: an OpenAI-compatible base URL ending in ``/v1``; None for OpenAI.
            name: how the chain and the events call this brain.
            request_timeout_s: the limit of one HTTP request.
            turn_budget_s: the whole budget for one turn, retries included (``understand``).
            max_attempts: tries per turn for transient errors (1 = no retry).
            backoff_s: first wait between tries; doubles each time.
            max_wait_s: cap on any wait, including a server's ``Retry-After``.
            max_turns: how many earlier transcript turns are sent.
            max_tokens: cap on the completion (a reading needs under 200 tokens; a small
                model can loop inside a string until the context is full). None: no cap.
            temperature: sampling temperature; None leaves the endpoint's default.
            streaming: ask for Server-Sent Events (for proxies that only stream). Off by
                default, even under a LangGraph ``stream_mode="messages"`` run: the brain's
                output is not a reply, and a complete body is checked strictly as JSON.
            server: the request shape (``agent.brains.servers``); "auto" probes the server.
            tool_choice: overrides the shape's tool choice ("named", "required", or "omit").
            grounding: drop values the caller's words do not support (off only in tests).
            sleep: how to wait between tries (injected so tests need no wall clock).
            http_async_client: an ``httpx.AsyncClient`` to reuse, if any.
        """
        self.name = name
        self.model = model
        self._request_timeout_s = request_timeout_s
        self._turn_budget_s = turn_budget_s
        self._max_attempts = max(1, max_attempts)
        self._backoff_s = backoff_s
        self._max_wait_s = max_wait_s
        self._max_turns = max_turns
        self._max_tokens = max_tokens
        self._grounding = grounding
        self._sleep = sleep
        self._base_url = base_url
        key = api_key or SecretStr(LOCAL_PLACEHOLDER_KEY)
        self._key = key  # a SecretStr: never in a repr or a log
        self._server_setting: ServerSetting = server
        self._tool_choice = tool_choice
        options: dict[str, Any] = {}
        # Without this, LangChain streams whenever a LangGraph messages stream is listening.
        options["streaming" if streaming else "disable_streaming"] = True
        if temperature is not None:
            options["temperature"] = temperature
        if max_tokens is not None:
            options["max_tokens"] = max_tokens  # sent as OpenAI's max_completion_tokens
        if http_async_client is not None:
            options["http_async_client"] = http_async_client
        self._llm = ChatOpenAI(
            model=model,
            api_key=key,
            base_url=base_url,
            timeout=request_timeout_s,
            max_retries=0,  # retries are ours: bounded by the turn's budget
            **options,
        )
        shape, self._shape_final = (
            (SHAPES[server], True)
            if server != "auto"
            else resolve_shape(server, base_url, self._headers())
        )
        self._use_shape(shape)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._key.get_secret_value()}"}

    @property
    def shape(self) -> RequestShape:
        """The request shape in use."""
        return self._shape

    def _use_shape(self, shape: RequestShape) -> None:
        self._shape = shape
        tool = understanding_tool()
        choice = self._tool_choice or shape.tool_choice
        runnable: Runnable[Any, Any]
        extra: dict[str, Any] = {}
        if shape.server != "openai" and self._max_tokens is not None:
            # Local servers read the older name and ignore the new one silently.
            extra["extra_body"] = {"max_tokens": self._max_tokens}
        if shape.json_schema:
            schema = {"name": TOOL_NAME, "schema": tool["function"]["parameters"]}
            runnable = self._llm.bind(
                response_format={"type": "json_schema", "json_schema": schema}, **extra
            )
        elif choice in (None, "omit"):
            runnable = self._llm.bind_tools([tool], **extra)
        else:
            forced = TOOL_NAME if choice == "named" else "required"
            runnable = self._llm.bind_tools([tool], tool_choice=forced, **extra)
        # "nostream": the brain's tool-call chunks are not a reply, keep them out of a
        # LangGraph messages stream that a voice channel may be speaking from.
        self._runnable = runnable.with_config(
            tags=["nostream", "frontdesk:brain"], run_name=f"{self.name}_brain"
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, *, secondary: bool = False, **overrides: Any
    ) -> OpenAIBrain:
        """Build the brain from settings (the primary endpoint, or the secondary one).

        Raises:
            BrainConfigurationError: neither a key nor a base URL is configured.
        """
        if secondary:
            key = settings.openai_secondary_api_key or settings.openai_api_key
            base_url = settings.openai_secondary_base_url
            model = settings.openai_secondary_model or settings.openai_model
            server = settings.openai_secondary_server
            if not base_url:
                raise BrainConfigurationError(
                    "brain 'openai-secondary' needs FRONTDESK_OPENAI_SECONDARY_BASE_URL"
                )
        else:
            key, base_url = settings.openai_api_key, settings.openai_base_url
            model, server = settings.openai_model, settings.openai_server
        if key is None and not base_url:
            raise BrainConfigurationError(
                "brain 'openai' needs FRONTDESK_OPENAI_API_KEY (for OpenAI) or "
                "FRONTDESK_OPENAI_BASE_URL (for a local OpenAI-compatible server such as "
                "vLLM, Ollama or llama.cpp)"
            )
        options: dict[str, Any] = {
            "model": model,
            "api_key": key,
            "base_url": base_url,
            "name": "openai-secondary" if secondary else "openai",
            "request_timeout_s": settings.openai_timeout_s,
            "turn_budget_s": settings.llm_turn_budget_text_s,
            "max_attempts": settings.llm_retries + 1,
            "server": server,
            "max_turns": settings.llm_transcript_turns,
            "max_tokens": settings.llm_max_tokens,
        }
        return cls(**{**options, **overrides})

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        """Return what the model understood of ``text``; an empty Understanding on any failure."""
        try:
            return (await self.attempt(text, context, budget_s=self._turn_budget_s)).understanding
        except BrainFailure as failure:
            log.warning("%s brain: no understanding this turn (%s)", self.name, failure)
            return Understanding()

    async def attempt(self, text: str, context: BrainContext, *, budget_s: float) -> Attempt:
        """Read the turn within ``budget_s`` seconds, retries included.

        Raises:
            BrainFailure: no usable reading (the reason says why).
        """
        if not text.strip():
            return Attempt(Understanding())  # silence or noise: nothing to ask a model about
        messages = chat_messages(text, context, max_turns=self._max_turns)
        usage = Usage()
        try:
            async with asyncio.timeout(budget_s):
                reply = await self._ask(messages, usage, budget_s)
        except BrainFailure:
            raise
        except Exception as exc:  # a brain never crashes a call
            raise BrainFailure(_reason(exc), _describe(exc), usage) from None
        try:
            arguments = tool_arguments(reply)
        except BrainFailure as failure:
            failure.usage = usage
            raise
        dropped: list[str] = []
        understanding = to_understanding(arguments, context, dropped)
        if self._grounding:
            understanding = ground(understanding, text, context, dropped)
        if dropped:
            log.info("%s brain: dropped fields %s", self.name, sorted(set(dropped)))
        return Attempt(understanding, usage, sorted(set(dropped)))

    async def _ask(self, messages: list[Any], usage: Usage, budget_s: float) -> AIMessage:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget_s
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts) | stop_before_delay(budget_s),
            retry=retry_if_exception(_is_transient),
            wait=lambda state: self._wait(state, deadline - loop.time()),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        reply: Any = None
        async for attempt in retrying:
            with attempt:
                remaining = max(deadline - loop.time(), 0.01)
                began = time.perf_counter()
                try:
                    async with asyncio.timeout(min(self._request_timeout_s, remaining)):
                        reply = await self._runnable.ainvoke(messages)
                finally:
                    usage.add(Usage(calls=1, llm_ms=(time.perf_counter() - began) * 1000))
        if not isinstance(reply, AIMessage):
            raise BrainFailure("no_tool_call", f"unexpected model output {type(reply).__name__}")
        reported = _usage(reply, 0.0)
        reported.calls = 0  # already counted
        usage.add(reported)
        return reply

    def _wait(self, state: RetryCallState, remaining_s: float) -> float:
        """Honour the server's Retry-After, else back off exponentially; never past the cap."""
        outcome = state.outcome
        hinted = _retry_after(outcome.exception() if outcome else None)
        if hinted is None:
            hinted = self._backoff_s * 2 ** (state.attempt_number - 1)
        return max(0.0, min(hinted, self._max_wait_s, remaining_s - 0.05))

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.info(
            "%s brain: retrying after %s (attempt %d)",
            self.name,
            _describe(error) if error else "error",
            state.attempt_number,
        )

    async def probe(self) -> bool:
        """True when the server answers ``GET /models`` again (it may learn the shape too)."""
        try:
            async with httpx.AsyncClient(timeout=min(self._request_timeout_s, 3.0)) as client:
                response = await client.get(models_url(self._base_url), headers=self._headers())
        except httpx.HTTPError:
            return False
        if response.status_code >= 500:
            return False
        if not self._shape_final and response.status_code < 400:
            try:
                self._use_shape(SHAPES[kind_from_models(response.json())])
                self._shape_final = True
            except ValueError:
                pass
        return True
