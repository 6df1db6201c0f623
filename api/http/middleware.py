"""Cross-cutting HTTP behaviour, as plain ASGI middleware (no per-route code).

- a request id per request (``X-Request-ID`` in and out, and in every log line of it);
- the time the server took, as ``Server-Timing: app;dur=<ms>``;
- request latency per route template in the metrics;
- security headers (CSP with ``frame-ancestors`` for the widget's sites, HSTS behind TLS,
  nosniff, referrer policy);
- a request body size limit (413 problem before the body is read into memory);
- rate limits per client IP and per conversation on the public API (``limits``, in memory by
  default, shared storage such as Redis when ``rate_limit_storage_url`` is set).
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.settings import Settings
from api.http.problems import problem_response
from api.observability.logs import request_id
from api.observability.metrics import Metrics

_CONVERSATION = re.compile(r"^/v1/conversations/([^/]+)")
_PUBLIC_WRITES = ("/v1/",)


class FrontdeskMiddleware:
    """Request ids, metrics, security headers, body limit and rate limits in one pass."""

    def __init__(self, app: ASGIApp, *, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.settings = settings
        self.metrics = metrics
        self.max_body = settings.max_request_bytes
        storage = storage_from_string(settings.rate_limit_storage_url)
        self.limiter = SlidingWindowCounterRateLimiter(storage)
        self.per_ip = parse(settings.rate_limit_per_ip)
        self.per_conversation = parse(settings.rate_limit_per_conversation)
        self.headers = _security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _incoming_request_id(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500}
        https = _is_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.append((b"x-request-id", rid.encode()))
                # The server's own time, apart from the network and the client's (load tests).
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={elapsed_ms:.1f}".encode()))
                for name, value in self.headers:
                    if name not in present:
                        headers.append((name, value))
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            refusal = self._refuse(scope)
            if refusal is not None:
                await refusal(scope, receive, send_with_headers)
                return
            await self.app(scope, _limited(receive, self.max_body), send_with_headers)
        except _BodyTooLarge:
            response = problem_response(
                413, "Payload too large", f"The request body exceeds {self.max_body} bytes."
            )
            await response(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.http_seconds.labels(
                route=template, method=scope["method"], status=str(status_holder["status"])
            ).observe(time.perf_counter() - started)
            request_id.reset(token)

    def _refuse(self, scope: Scope) -> Any:
        """A problem response when the request must not reach the app, else None."""
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            return problem_response(
                413, "Payload too large", f"The request body exceeds {self.max_body} bytes."
            )
        path: str = scope["path"]
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE") and path.startswith(
            _PUBLIC_WRITES
        ):
            client = (scope.get("client") or ("unknown", 0))[0]
            if not self.limiter.hit(self.per_ip, "ip", client):
                return _too_many(self.per_ip.get_expiry())
            match = _CONVERSATION.match(path)
            if match and not self.limiter.hit(self.per_conversation, "conv", match.group(1)):
                return _too_many(self.per_conversation.get_expiry())
        return None


class _BodyTooLarge(Exception):
    pass


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _BodyTooLarge
        return message

    return wrapped


def _too_many(retry_after: int) -> Any:
    return problem_response(
        429,
        "Too many requests",
        "Too many requests from this client; please wait a moment.",
        headers={"Retry-After": str(retry_after)},
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _incoming_request_id(scope: Scope) -> str | None:
    value = _header(scope, b"x-request-id")
    # Only ids that cannot smuggle anything into logs or headers.
    if value and re.fullmatch(r"[A-Za-z0-9._\-]{1,64}", value):
        return value
    return None


def _is_https(scope: Scope) -> bool:
    forwarded = _header(scope, b"x-forwarded-proto")
    return scope.get("scheme") == "https" or forwarded == "https"


def _security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    ancestors = " ".join(["'self'", *settings.widget_origins])
    csp = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob:; "
        f"frame-ancestors {ancestors}; base-uri 'self'; form-action 'self'"
    )
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), geolocation=(), microphone=(self)"),
    ]
