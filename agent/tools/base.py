"""What every tool shares: the conversation scope it runs in, its read/write mark, and the
typed error it returns instead of raising.

A tool never crashes the call: domain errors (a slot just taken, an unknown appointment, an
EHR that does not answer) come back as a ``ToolError`` whose ``message`` an agent can act on,
and the graph turns it into a sentence for the patient.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fhir_adapters import errors

log = logging.getLogger(__name__)

ToolKind = Literal["read", "write"]

ErrorCode = Literal[
    "not_identified",  # an appointment tool without an identified patient
    "unseen_id",  # a write with an id no read tool returned in this conversation
    "slot_taken",
    "slot_in_past",
    "not_found",
    "ambiguous",
    "invalid_state",
    "conflict",
    "forbidden",
    "unavailable",
    "incomplete",  # a search could not read everything in time: its answer would be partial
    "invalid",
    "internal",
]


class ToolScope(BaseModel):
    """Who and what a tool call may touch, as the graph knows it for this conversation."""

    model_config = ConfigDict(frozen=True)

    conversation_id: str
    patient_id: str | None = Field(None, description="the identified patient; None before")
    seen_ids: frozenset[str] = Field(
        frozenset(), description='references read tools returned, e.g. "Slot/s-1"'
    )


class ToolError(BaseModel):
    """A tool call that did not succeed, with a message an agent can act on."""

    ok: Literal[False] = False
    code: ErrorCode
    message: str


_ERROR_CODES: tuple[tuple[type[errors.SchedulingError], ErrorCode], ...] = (
    (errors.SlotTakenError, "slot_taken"),
    (errors.SlotInPastError, "slot_in_past"),
    (errors.AmbiguousPatientError, "ambiguous"),
    (errors.SlotNotFoundError, "not_found"),
    (errors.AppointmentNotFoundError, "not_found"),
    (errors.PatientNotFoundError, "not_found"),
    (errors.PractitionerNotFoundError, "not_found"),
    (errors.ResourceNotFoundError, "not_found"),
    (errors.AppointmentStateError, "invalid_state"),
    (errors.VersionConflictError, "conflict"),
    (errors.ForbiddenError, "forbidden"),
    (errors.SearchIncompleteError, "incomplete"),
    (errors.BackendUnavailableError, "unavailable"),
    (errors.InvalidRequestError, "invalid"),
)


def error_from_exception(exc: Exception) -> ToolError:
    """Map a domain (or unexpected) exception to a ToolError; never leaks server details."""
    if isinstance(exc, errors.SchedulingError):
        code: ErrorCode = next((c for t, c in _ERROR_CODES if isinstance(exc, t)), "internal")
        return ToolError(code=code, message=str(exc))
    if isinstance(exc, ValidationError):
        return ToolError(code="invalid", message="The tool arguments are not valid.")
    return ToolError(code="internal", message="The scheduling system failed unexpectedly.")


A = TypeVar("A", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)
ToolFn = Callable[[Any, A, ToolScope], Awaitable[R | ToolError]]


def tool(kind: ToolKind) -> Callable[[ToolFn[A, R]], ToolFn[A, R]]:
    """Mark a toolkit method as a read or write tool and turn its exceptions into ToolError.

    The wrapped method keeps its signature ``(self, args, scope)`` and gains the attribute
    ``tool_kind``; ``SchedulingTools.specs()`` lists them.
    """

    def decorate(fn: ToolFn[A, R]) -> ToolFn[A, R]:
        @functools.wraps(fn)
        async def wrapper(self: Any, args: A, scope: ToolScope) -> R | ToolError:
            try:
                return await fn(self, args, scope)
            except Exception as exc:  # a tool call never crashes the conversation
                if not isinstance(exc, errors.SchedulingError | ValidationError):
                    log.exception("tool %s failed with %s", fn.__name__, type(exc).__name__)
                return error_from_exception(exc)

        wrapper.tool_kind = kind  # type: ignore[attr-defined]
        return wrapper

    return decorate


def require_patient(scope: ToolScope) -> ToolError | None:
    """The error for an appointment tool called before the patient was identified."""
    if scope.patient_id is None:
        return ToolError(
            code="not_identified",
            message="Identify the patient (name and birth date) before touching appointments.",
        )
    return None


def require_seen(scope: ToolScope, *references: str) -> ToolError | None:
    """The error for a write whose ids did not come from a read tool in this conversation."""
    unseen = [r for r in references if r not in scope.seen_ids]
    if unseen:
        return ToolError(
            code="unseen_id",
            message="Only slots and appointments found in this conversation can be changed.",
        )
    return None
