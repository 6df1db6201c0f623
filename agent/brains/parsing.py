"""Reading a model's answer: the tool call's arguments in any form servers really send, then
an ``Understanding`` with only the fields that validate and fit the conversation.

Servers answer the forced tool in several shapes: OpenAI's ``tool_calls`` (sometimes several
in parallel), the JSON object as plain text (servers without tool support, or a
``response_format`` JSON schema), Qwen/Hermes ``<tool_call>{"name", "arguments"}</tool_call>``
text when the server's template parser did not catch it, and ``{"name", "arguments"}``
wrappers inside the arguments themselves. Anything else is a :class:`BrainFailure` with its
reason, so the chain can ask the next brain.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from langchain_core.messages import AIMessage
from pydantic import ValidationError

from agent.brains.base import BrainFailure
from agent.brains.prompts import TOOL_NAME
from agent.understanding import BrainContext, Understanding

log = logging.getLogger(__name__)

_TOOL_CALL_TAG = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_FIELDS = frozenset(Understanding.model_fields)
_WRAPPER_KEYS = ("arguments", "parameters", "args")


def _refusal(reply: AIMessage) -> str | None:
    refusal = reply.additional_kwargs.get("refusal") or reply.response_metadata.get("refusal")
    return refusal if isinstance(refusal, str) and refusal.strip() else None


def tool_arguments(reply: AIMessage) -> dict[str, Any]:
    """The arguments of the ``record_understanding`` call, whatever form it came in.

    Raises:
        BrainFailure: refusal, cut-off answer, malformed arguments, another tool, or no call.
    """
    if _refusal(reply):
        raise BrainFailure("refusal", "the model refused")
    if reply.response_metadata.get("finish_reason") == "length":
        # Cut-off JSON would yield cut-off names (streamed arguments are parsed leniently).
        raise BrainFailure("length", "the answer was cut off")
    for call in reply.tool_calls:
        if call["name"] == TOOL_NAME:
            return _unwrap(call["args"])  # parallel calls: the first of ours is the reading
    if reply.invalid_tool_calls:
        raise BrainFailure("malformed", "tool call arguments are not valid JSON")
    if reply.tool_calls:
        raise BrainFailure("no_tool_call", "the model called a tool that does not exist")
    content = reply.content if isinstance(reply.content, str) else _joined(reply.content)
    return _from_text(content)


def _joined(parts: list[Any]) -> str:
    return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts)


def _from_text(content: str) -> dict[str, Any]:
    """Arguments written as text: Hermes ``<tool_call>`` tags, a wrapper, or the bare object."""
    tagged = _TOOL_CALL_TAG.findall(content)
    bodies = tagged or [_FENCE.sub("", content.strip())]
    for body in bodies:
        try:
            found = json.loads(body)
        except ValueError:
            continue
        if isinstance(found, dict):
            return _unwrap(found, require_ours=bool(tagged))
    if tagged:
        raise BrainFailure("malformed", "a <tool_call> whose body is not JSON")
    raise BrainFailure("no_tool_call", "the model answered without calling the tool")


def _unwrap(arguments: dict[str, Any], *, require_ours: bool = False) -> dict[str, Any]:
    """``{"name": ..., "arguments": {...}}`` -> the inner arguments (a JSON string too)."""
    name = arguments.get("name")
    inner = next((arguments[k] for k in _WRAPPER_KEYS if k in arguments), None)
    wrapped = isinstance(name, str) and inner is not None and not (set(arguments) & _FIELDS)
    if not wrapped:
        if require_ours:
            raise BrainFailure("no_tool_call", "a <tool_call> without a tool name")
        return arguments
    if name != TOOL_NAME:
        raise BrainFailure("no_tool_call", "the model called a tool that does not exist")
    if isinstance(inner, str):
        try:
            inner = json.loads(inner)
        except ValueError as exc:
            raise BrainFailure("malformed", "wrapped arguments are not JSON") from exc
    if not isinstance(inner, dict):
        raise BrainFailure("malformed", "wrapped arguments are not an object")
    return inner


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


def to_understanding(
    arguments: dict[str, Any], context: BrainContext, dropped: list[str] | None = None
) -> Understanding:
    """Turn a model's tool arguments into an ``Understanding``, dropping only the bad fields.

    A field that fails validation, or names something the context does not know (an option
    index that was not offered, a code outside the catalogue), is left unset instead of
    losing the whole turn.

    Args:
        arguments: the decoded tool-call arguments.
        context: the conversation state the model was given.
        dropped: when given, the names of dropped fields are appended to it.

    Returns:
        The validated understanding (empty if nothing usable remains).
    """
    notes = dropped if dropped is not None else []
    data = _tidy({k: v for k, v in arguments.items() if k in _FIELDS})
    notes.extend(sorted(k for k in arguments if k not in _FIELDS))
    if isinstance(data.get("time"), dict):
        data["time"] = _tidy(data["time"])
    understanding = None
    for _ in range(len(data) + 8):  # each round drops at least one field
        try:
            understanding = Understanding.model_validate(data)
            break
        except ValidationError as err:
            removed = _drop_invalid(data, err)
            notes.extend(sorted(removed))
            if not removed:
                break
    if understanding is None:
        return Understanding()
    return _within_context(understanding, context, notes)


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


def _within_context(
    understanding: Understanding, context: BrainContext, notes: list[str]
) -> Understanding:
    changes: dict[str, Any] = {}
    offered = {option.index for option in context.offered}
    choice = understanding.choice
    # A choice with nothing offered points at nothing: never keep it.
    if choice is not None and choice not in offered:
        changes["choice"] = None
    for field, known in (
        ("specialty", context.specialties),
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
        notes.extend(sorted(changes))
        return understanding.model_copy(update=changes)
    return understanding
