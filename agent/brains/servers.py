"""Request shapes per OpenAI-compatible server, chosen by settings or by a probe at start-up.

The servers the README names differ where it matters to a forced tool call:

- OpenAI: ``tool_choice`` naming the function; ``content: null``, ``role: tool`` fine.
- vLLM: a named ``tool_choice`` works (guided decoding), so the same shape as OpenAI.
- Ollama: ``tool_choice`` is ignored, so a reply may be plain text; a ``response_format``
  JSON schema is honoured, so the understanding is asked for as a JSON object instead.
- llama.cpp's server (``llama-server``): only the string forms ``auto``/``required``/``none`` of
  ``tool_choice``; with it omitted, the tools are ignored. So ``required``. It also rejects
  an assistant message whose ``content`` is null (a 500) and some chat formats drop
  ``role: tool`` messages: the brain never sends either (its transcript is plain text).
- llama-cpp-python's server (``python -m llama_cpp.server``), another llama.cpp server with
  its own chat handlers: a named ``tool_choice`` is honoured (the tool's JSON schema becomes
  a grammar, so the arguments always parse), ``"required"`` fails with a 500 (its
  ``chatml-function-calling`` handler asserts "auto") or is ignored (a GGUF's own template),
  and tools without ``tool_choice`` are ignored. So the same shape as OpenAI.

``auto`` reads ``GET /models``: ``owned_by`` says ``vllm``, ``llamacpp``, ``library``
(Ollama) or ``me`` (llama-cpp-python); anything else, or no answer, is treated as OpenAI.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from agent.settings import LLMServer

log = logging.getLogger(__name__)

ServerKind = Literal["openai", "vllm", "ollama", "llamacpp", "llama-cpp-python"]
ServerSetting = LLMServer

OPENAI_BASE_URL = "https://api.openai.com/v1"


@dataclass(frozen=True)
class RequestShape:
    """How to ask one kind of server for the understanding."""

    server: ServerKind
    tool_choice: Literal["named", "required"] | None
    """Named function, the string "required", or None to omit it."""
    json_schema: bool = False
    """Ask for a JSON object with ``response_format`` instead of a tool call."""


SHAPES: dict[ServerKind, RequestShape] = {
    "openai": RequestShape("openai", "named"),
    "vllm": RequestShape("vllm", "named"),
    "ollama": RequestShape("ollama", None, json_schema=True),
    "llamacpp": RequestShape("llamacpp", "required"),
    "llama-cpp-python": RequestShape("llama-cpp-python", "named"),
}

_OWNERS: dict[str, ServerKind] = {
    "vllm": "vllm",
    "llamacpp": "llamacpp",
    "library": "ollama",
    "me": "llama-cpp-python",  # its /v1/models says so, and nothing else does
}


def kind_from_models(payload: Any) -> ServerKind:
    """The server kind a ``GET /models`` answer reveals (OpenAI when it says nothing)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    for model in data or []:
        owner = str(model.get("owned_by", "")).lower() if isinstance(model, dict) else ""
        if owner in _OWNERS:
            return _OWNERS[owner]
        if "ollama" in owner:
            return "ollama"
    return "openai"


def models_url(base_url: str | None) -> str:
    """``GET`` this to list models (and to tell the server kind)."""
    return f"{(base_url or OPENAI_BASE_URL).rstrip('/')}/models"


def probe_server(
    base_url: str | None, headers: dict[str, str], timeout_s: float = 2.0
) -> ServerKind | None:
    """Ask the server what it is; None when it does not answer (it may be down)."""
    try:
        response = httpx.get(models_url(base_url), headers=headers, timeout=timeout_s)
    except httpx.HTTPError as exc:
        log.info("llm server probe: no answer (%s)", type(exc).__name__)
        return None
    if response.status_code >= 400:
        return "openai"  # it answers; it just does not list models
    try:
        return kind_from_models(response.json())
    except ValueError:
        return "openai"


def resolve_shape(
    setting: ServerSetting, base_url: str | None, headers: dict[str, str]
) -> tuple[RequestShape, bool]:
    """The request shape to use, and whether it is final (False: probe again later)."""
    if setting != "auto":
        return SHAPES[setting], True
    if base_url is None:
        return SHAPES["openai"], True
    found = probe_server(base_url, headers)
    return SHAPES[found or "openai"], found is not None
