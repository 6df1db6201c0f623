"""Route guards of the conversation API: JSON bodies only, and the conversation's token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.http.problems import PROBLEM_JSON, Problem

bearer = HTTPBearer(auto_error=False, description="the token returned when the conversation opened")


class ProblemDetails(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting problem documents for ``statuses``."""
    ref = {"$ref": "#/components/schemas/ProblemDetails"}
    return {
        status: {
            "model": ProblemDetails,
            "description": "a problem document",
            "content": {PROBLEM_JSON: {"schema": ref}},
        }
        for status in statuses
    }


async def require_json(request: Request) -> None:
    """415 unless the body is declared JSON."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise Problem(415, "Unsupported media type", "Send the body as application/json.")


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
