"""HTTP statuses and FHIR OperationOutcomes turned into the scheduling layer's domain errors.

The server's diagnostics travel in ``SchedulingError.detail`` (for logs); they are cut short
and never copied into the message, because an OperationOutcome may echo patient data back.
"""

from __future__ import annotations

from typing import Any

from fhir_adapters.errors import (
    BackendUnavailableError,
    ForbiddenError,
    InvalidRequestError,
    ResourceNotFoundError,
    SchedulingError,
    VersionConflictError,
)

_MAX_DETAIL = 500

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
"""Statuses after which the same request may succeed if sent again."""


def outcome_text(body: Any) -> str | None:
    """Join the diagnostics/details of an OperationOutcome (or None when there are none)."""
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        return None
    parts: list[str] = []
    for issue in body.get("issue") or []:
        if not isinstance(issue, dict):
            continue
        code = issue.get("code")
        text = issue.get("diagnostics") or (issue.get("details") or {}).get("text")
        parts.append(": ".join(str(p) for p in (code, text) if p))
    joined = "; ".join(p for p in parts if p)
    return joined[:_MAX_DETAIL] or None


def error_for_status(status: int, body: Any = None, *, what: str = "request") -> SchedulingError:
    """Return the domain error for a failed FHIR interaction.

    Args:
        status: the HTTP status code (>= 400).
        body: the parsed response body, usually an OperationOutcome.
        what: a short, patient-data-free label of the interaction ("GET Slot") for ``detail``.
    """
    diagnostics = outcome_text(body)
    detail = f"{what} -> HTTP {status}" + (f" ({diagnostics})" if diagnostics else "")
    if status in (401, 403):
        return ForbiddenError(detail=detail)
    if status in (404, 410):
        return ResourceNotFoundError(detail=detail)
    if status in (409, 412):
        return VersionConflictError(detail=detail)
    if status == 423:
        # Oracle Health answers 423 while another user holds a lock on the record.
        return VersionConflictError("The record is being changed by someone else.", detail=detail)
    if status in RETRYABLE_STATUSES or status >= 500:
        return BackendUnavailableError(detail=detail)
    if status in (400, 405, 406, 415, 422):
        return InvalidRequestError(detail=detail)
    return SchedulingError(detail=detail)


def transport_error(exc: Exception, *, what: str = "request") -> BackendUnavailableError:
    """Return the domain error for a request that got no HTTP answer (timeout, refused)."""
    return BackendUnavailableError(detail=f"{what} -> {type(exc).__name__}")
