"""A scripted FHIR server for unit tests: httpx.MockTransport answering from a queue or a
function, recording every request, and a sleep recorder so retries do not wait."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

BASE = "https://ehr.example/fhir"
Handler = Callable[[httpx.Request], httpx.Response]


def fhir(status: int = 200, body: Any = None, **headers: str) -> httpx.Response:
    """A FHIR JSON response."""
    content = b"" if body is None else json.dumps(body).encode()
    return httpx.Response(
        status,
        content=content,
        headers={"Content-Type": "application/fhir+json", **headers},
    )


def outcome(code: str, text: str) -> dict[str, Any]:
    """An OperationOutcome with one error issue."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}],
    }


def bundle(resources: list[dict[str, Any]], next_url: str | None = None) -> dict[str, Any]:
    """A searchset Bundle (with a ``next`` link when given)."""
    out: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": r, "search": {"mode": "match"}} for r in resources],
    }
    if next_url:
        out["link"] = [{"relation": "next", "url": next_url}]
    return out


class Sleeps:
    """Records the waits a retry policy asks for, without waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class Server:
    """Answers requests with ``handler`` and remembers them."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    def client(self) -> httpx.AsyncClient:
        """An AsyncClient whose transport is this server."""
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def paths(self) -> list[str]:
        """``METHOD path`` of every request, in order."""
        return [f"{r.method} {r.url.path}" for r in self.requests]


def scripted(*responses: httpx.Response | Exception) -> Handler:
    """A handler answering with ``responses`` in turn (an exception is raised instead)."""
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handle
