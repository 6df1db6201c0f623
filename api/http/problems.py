"""Errors as RFC 9457 problem documents (``application/problem+json``), never a stack trace.

Every 4xx/5xx the app sends has ``type``, ``title``, ``status`` and ``detail``; validation errors
add ``errors`` (where and what) without echoing the submitted values, which may be patient data.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://frontdesk.dev/problems/"


class ProblemDetails(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting problem documents for ``statuses``, so that what a
    route can answer is in its schema (schemathesis holds every route to it)."""
    ref = {"$ref": "#/components/schemas/ProblemDetails"}
    return {
        status: {
            "model": ProblemDetails,
            "description": "a problem document",
            "content": {PROBLEM_JSON: {"schema": ref}},
        }
        for status in statuses
    }


def xml_responses(
    *statuses: int, description: str = "TwiML / TeXML"
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` of a webhook answering XML (TwiML, TeXML) on success and problem
    documents for ``statuses``."""
    xml = {"description": description, "content": {"application/xml": {"schema": {}}}}
    return {200: xml, **problem_responses(*statuses)}


class Problem(Exception):
    """An error a route raises to answer with a problem document.

    Args:
        status: HTTP status code.
        title: short, fixed summary of the problem type.
        detail: what went wrong this time, safe to show to the client.
        type_: slug appended to ``TYPE_BASE`` (defaults from the status).
        headers: extra response headers (e.g. ``WWW-Authenticate``, ``Retry-After``).
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail or title
        self.type_ = type_ or _SLUGS.get(status, "error")
        self.headers = headers
        self.extra = extra or {}


_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """A problem document response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (type_ or _SLUGS.get(status, "error")),
        "title": title,
        "status": status,
        "detail": detail,
        **(extra or {}),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error through a problem document."""

    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.title,
            exc.detail,
            type_=exc.type_,
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        return problem_response(
            exc.status_code, title, str(exc.detail), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")}
            for e in exc.errors()
        ]
        return problem_response(
            422,
            "Invalid request",
            "The request body or parameters are not valid.",
            extra={"errors": errors},
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error in a request (%s)", type(exc).__name__)
        return problem_response(500, "Internal error", "Something went wrong on our side.")
