"""The LLM brain: an OpenAI-compatible chat model (OpenAI, vLLM, Ollama, a llama.cpp server) that
reads one patient turn by calling a single forced tool whose arguments are an ``Understanding``.

A phone caller is waiting, so failures are cheap and bounded: transient errors (connection,
timeout, 408/409/429/5xx) are retried a few times with short waits under one overall deadline,
and anything that still goes wrong (or a reply that is not a usable tool call) yields an empty
``Understanding``. Logs name the error type only, never the patient's words.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import openai
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_openai import ChatOpenAI
from pydantic import SecretStr, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from agent.brains.prompts import TOOL_DESCRIPTION, TOOL_NAME, chat_messages
from agent.settings import Settings
from agent.understanding import BrainContext, Understanding
from fhir_adapters.concepts import SPECIALTIES

log = logging.getLogger(__name__)
SPECIALTY_CONCEPTS = tuple(c.code for c in SPECIALTIES)
"""Every kind of care we have a concept for, offered by this practice or not."""

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
    if isinstance(exc, openai.APIConnectionError):  # timeouts are connection errors too
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


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


class OpenAIBrain:
    """Understands a patient turn with an OpenAI-compatible chat model and one forced tool."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        api_key: SecretStr | None = None,
        base_url: str | None = None,
        timeout_s: float = 20.0,
        max_attempts: int = 3,
        backoff_s: float = 0.25,
        max_wait_s: float = 2.0,
        max_turns: int = 12,
        temperature: float | None = 0.0,
        streaming: bool = False,
        tool_choice: Literal["named", "required"] = "named",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        http_async_client: Any = None,
    ) -> None:
        """Build the brain.

        Args:
            model: model name, as the endpoint knows it.
            api_key: the key; a placeholder is sent when None (local servers need none).
            base_url: an OpenAI-compatible base URL ending in ``/v1``; None for OpenAI.
            timeout_s: the whole budget for one turn, retries included.
            max_attempts: tries per turn for transient errors (1 = no retry).
            backoff_s: first wait between tries; doubles each time.
            max_wait_s: cap on any wait, including a server's ``Retry-After``.
            max_turns: how many earlier transcript turns are sent.
            temperature: sampling temperature; None leaves the endpoint's default.
            streaming: ask for Server-Sent Events (for proxies that only stream). Off by
                default, even under a LangGraph ``stream_mode="messages"`` run: the brain's
                output is not a reply, and a complete body is checked strictly as JSON.
            tool_choice: "named" forces the tool by name (OpenAI, vLLM); "required" forces
                some tool call, for servers that only accept that form (llama.cpp).
            sleep: how to wait between tries (injected so tests need no wall clock).
            http_async_client: an ``httpx.AsyncClient`` to reuse, if any.
        """
        self.model = model
        self._timeout_s = timeout_s
        self._max_attempts = max(1, max_attempts)
        self._backoff_s = backoff_s
        self._max_wait_s = max_wait_s
        self._max_turns = max_turns
        self._sleep = sleep
        options: dict[str, Any] = {}
        # Without this, LangChain streams whenever a LangGraph messages stream is listening.
        options["streaming" if streaming else "disable_streaming"] = True
        if temperature is not None:
            options["temperature"] = temperature
        if http_async_client is not None:
            options["http_async_client"] = http_async_client
        llm = ChatOpenAI(
            model=model,
            api_key=api_key or SecretStr(LOCAL_PLACEHOLDER_KEY),
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,  # retries are ours: bounded by the turn's deadline
            **options,
        )
        choice: str = TOOL_NAME if tool_choice == "named" else "required"
        # "nostream": the brain's tool-call chunks are not a reply, keep them out of a
        # LangGraph messages stream that a voice channel may be speaking from.
        self._runnable: Runnable[Any, Any] = llm.bind_tools(
            [understanding_tool()], tool_choice=choice
        ).with_config(tags=["nostream", "frontdesk:brain"], run_name="openai_brain")

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> OpenAIBrain:
        """Build the brain from settings (model, base URL, key, timeout).

        Raises:
            BrainConfigurationError: neither a key nor a base URL is configured.
        """
        if settings.openai_api_key is None and not settings.openai_base_url:
            raise BrainConfigurationError(
                "brain 'openai' needs FRONTDESK_OPENAI_API_KEY (for OpenAI) or "
                "FRONTDESK_OPENAI_BASE_URL (for a local OpenAI-compatible server such as "
                "vLLM, Ollama or llama.cpp)"
            )
        options: dict[str, Any] = {
            "model": settings.openai_model,
            "api_key": settings.openai_api_key,
            "base_url": settings.openai_base_url,
            "timeout_s": settings.openai_timeout_s,
        }
        return cls(**{**options, **overrides})

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        """Return what the model understood of ``text``; an empty Understanding on any failure."""
        if not text.strip():
            return Understanding()  # silence or noise: nothing to ask a model about
        messages = chat_messages(text, context, max_turns=self._max_turns)
        try:
            async with asyncio.timeout(self._timeout_s):
                reply = await self._ask(messages)
        except Exception as exc:  # a brain never crashes a call
            log.warning("openai brain: no understanding this turn (%s)", _describe(exc))
            return Understanding()
        arguments = _tool_arguments(reply)
        if arguments is None:
            return Understanding()
        return to_understanding(arguments, context)

    async def _ask(self, messages: list[Any]) -> AIMessage:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            retry=retry_if_exception(_is_transient),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=_log_retry,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                reply = await self._runnable.ainvoke(messages)
        if not isinstance(reply, AIMessage):
            raise TypeError(f"unexpected model output {type(reply).__name__}")
        return reply

    def _wait(self, state: RetryCallState) -> float:
        """Honour the server's Retry-After, else back off exponentially; never past the cap."""
        outcome = state.outcome
        hinted = _retry_after(outcome.exception() if outcome else None)
        if hinted is None:
            hinted = self._backoff_s * 2 ** (state.attempt_number - 1)
        return min(hinted, self._max_wait_s)


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.info(
        "openai brain: retrying after %s (attempt %d)",
        _describe(error) if error else "error",
        state.attempt_number,
    )


def _tool_arguments(reply: AIMessage) -> dict[str, Any] | None:
    """The arguments of the ``record_understanding`` call, or None (logged) when unusable."""
    if reply.response_metadata.get("finish_reason") == "length":
        # Streamed arguments are parsed leniently: cut-off JSON would yield cut-off names.
        log.warning("openai brain: the model's answer was cut off")
        return None
    for call in reply.tool_calls:
        if call["name"] == TOOL_NAME:
            return call["args"]
    if reply.invalid_tool_calls:
        log.warning("openai brain: tool call arguments are not valid JSON")
        return None
    if reply.tool_calls:
        log.warning("openai brain: the model called an unknown tool")
        return None
    # Servers without tool support sometimes answer with the JSON object as plain text.
    content = reply.content if isinstance(reply.content, str) else ""
    body = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        found = json.loads(body)
    except ValueError:
        found = None
    if isinstance(found, dict):
        return found
    log.warning("openai brain: the model answered without calling the tool")
    return None


_LOWERCASE_FIELDS = ("language", "intent", "urgency")


def _tidy(values: dict[str, Any]) -> dict[str, Any]:
    """Drop nulls and empty strings (the defaults say the same) and lower-case enum values."""
    tidy = {key: value for key, value in values.items() if value is not None and value != ""}
    for key in (*_LOWERCASE_FIELDS, "part_of_day"):
        if isinstance(tidy.get(key), str):
            tidy[key] = tidy[key].strip().lower()
    language = tidy.get("language")
    if isinstance(language, str) and language[:2] in ("fr", "en"):
        tidy["language"] = language[:2]  # "french", "en-GB"
    return tidy


def to_understanding(arguments: dict[str, Any], context: BrainContext) -> Understanding:
    """Turn a model's tool arguments into an ``Understanding``, dropping only the bad fields.

    A field that fails validation, or names something the context does not know (an option
    index that was not offered, a code outside the catalogue), is left unset instead of
    losing the whole turn.

    Args:
        arguments: the decoded tool-call arguments.
        context: the conversation state the model was given.

    Returns:
        The validated understanding (empty if nothing usable remains).
    """
    data = _tidy(arguments)
    if isinstance(data.get("time"), dict):
        data["time"] = _tidy(data["time"])
    understanding = None
    for _ in range(len(data) + 8):  # each round drops at least one field
        try:
            understanding = Understanding.model_validate(data)
            break
        except ValidationError as err:
            dropped = _drop_invalid(data, err)
            log.info("openai brain: dropped invalid fields %s", sorted(dropped))
            if not dropped:
                break
    if understanding is None:
        return Understanding()
    return _within_context(understanding, context)


def _drop_invalid(data: dict[str, Any], err: ValidationError) -> set[str]:
    dropped: set[str] = set()
    for error in err.errors():
        loc = [part for part in error["loc"] if isinstance(part, str)]
        if not loc:
            continue
        nested = data.get(loc[0])
        if len(loc) > 1 and isinstance(nested, dict) and loc[1] in nested:
            del nested[loc[1]]
            dropped.add(f"{loc[0]}.{loc[1]}")
        elif loc[0] in data:
            del data[loc[0]]
            dropped.add(loc[0])
    return dropped


def _within_context(understanding: Understanding, context: BrainContext) -> Understanding:
    changes: dict[str, Any] = {}
    offered = {option.index for option in context.offered}
    choice = understanding.choice
    if choice is not None and (choice < 0 or (offered and choice not in offered)):
        changes["choice"] = None
    for field, known in (
        # A kind of care the practice lacks is kept, so the caller hears "we have none".
        ("specialty", [*context.specialties, *SPECIALTY_CONCEPTS]),
        ("service", context.services),
        ("topic", context.topics),
    ):
        value = getattr(understanding, field)
        if value is not None and known and value not in known:
            changes[field] = None
    preference = understanding.time
    if preference is not None and any(not 1 <= day <= 7 for day in preference.weekdays):
        weekdays = [day for day in preference.weekdays if 1 <= day <= 7]
        changes["time"] = preference.model_copy(update={"weekdays": weekdays})
    if changes:
        log.info("openai brain: dropped fields outside the context %s", sorted(changes))
        return understanding.model_copy(update=changes)
    return understanding
