"""Route guards of the conversation API: JSON bodies only, and the conversation's token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.http.problems import Problem

bearer = HTTPBearer(auto_error=False, description="the token returned when the conversation opened")


async def require_json(request: Request) -> None:
    """415 unless the body is declared JSON."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise Problem(415, "Unsupported media type", "Send the body as application/json.")


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
