"""Patient data never reaches a log line.

Log calls in this code base pass values as ``%s`` arguments; anything that could be a name,
a birth date, a phone number or free text is replaced before the line is written:

- a string argument is kept only when it is plainly an identifier or a code (contains a digit
  or ``/``, is ``snake_case``, an exception class name, an HTTP method); every other string
  becomes ``[redacted]`` (names, utterances, FHIR diagnostics);
- in the rendered line, dates, phone numbers, e-mail addresses and URL query strings
  (``Patient?family=...``, ``/staff/conversations?q=...``) are masked, whatever logged them
  (httpx, uvicorn, ours);
- exceptions are logged as their type and stack frames, never their message (an error's text
  often quotes the input it choked on).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from types import TracebackType
from typing import Any

REDACTED = "[redacted]"

_IDENTIFIER = re.compile(
    r"""^(?:
        [\w.:\-/#@]*[\d/][\w.:\-/#@]*      # ids and references: pat-0008, Slot/abc, 127.0.0.1:80
      | [a-z][a-z0-9]*(?:_[a-z0-9]+)+      # snake_case: find_slots, write_failed
      | [A-Z][A-Za-z]*(?:Error|Exception|Warning|Timeout|Exit)  # exception class names
      | GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS
    )$""",
    re.VERBOSE,
)

_MONTHS = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai"
    r"|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember|embre)?)?"
    r"|oct(?:ober|obre)?|nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?"
)
_MASKS: list[tuple[re.Pattern[str], str]] = [
    # URL or path query strings: search parameters carry names and birth dates.
    (re.compile(r"(?<=[\w/])\?[^\s\"']+"), "?" + REDACTED),
    (re.compile(r"[\w.+\-]+@[\w\-]+\.[\w.\-]+"), "[email]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+\-]\d{2}:?\d{2})?)?\b"), "[date]"),
    (re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b"), "[date]"),
    (
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:{_MONTHS})\.?\s+\d{{2,4}}\b", re.I),
        "[date]",
    ),
    (
        re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}\b", re.I),
        "[date]",
    ),
    (re.compile(r"(?<![\w/])\+?\d(?:[\s.\-]?\d){7,14}\b"), "[phone]"),
]


def mask(text: str) -> str:
    """``text`` with dates, phones, e-mails and query strings masked."""
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any) -> Any:
    """A log argument made safe: numbers and identifiers kept, other text redacted."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if _IDENTIFIER.match(value) else REDACTED
    if isinstance(value, Mapping):
        return {str(k): redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v) for v in value]
    if isinstance(value, BaseException):
        return type(value).__name__
    return REDACTED


def render_message(msg: Any, args: Any) -> str:
    """The record's message with redacted arguments, then masked."""
    template = str(msg)
    if args:
        safe = (
            {k: redact_value(v) for k, v in args.items()}
            if isinstance(args, Mapping)
            else tuple(redact_value(a) for a in args)
        )
        try:
            template = template % safe
        except (TypeError, ValueError, KeyError):
            template = f"{template} {safe!r}"
    return mask(template)


def describe_exception(
    exc_info: tuple[type[BaseException] | None, BaseException | None, TracebackType | None],
) -> dict[str, Any]:
    """An exception as its type and frames (file, line, function), without its message."""
    kind, _, tb = exc_info
    frames = [
        f"{frame.filename.rsplit('site-packages/', 1)[-1]}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
    ]
    return {"type": kind.__name__ if kind else None, "frames": frames[-12:]}
