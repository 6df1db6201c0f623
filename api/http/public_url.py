"""This service's public address as telephony and messaging providers reach it.

Behind a proxy or a tunnel the request's own URL is not the one the provider called (and
signed), so one setting, ``FRONTDESK_PUBLIC_BASE_URL`` (deprecated alias
``FRONTDESK_VOICE_PUBLIC_URL``), gives the base used by every webhook signature check, callback
URL and media-stream URL; without it, the request's own scheme and host are used.
"""

from __future__ import annotations

from fastapi import Request, WebSocket

from agent.settings import Settings


def public_base(request: Request | WebSocket, settings: Settings) -> str:
    """``https://host[:port]`` of this service as the provider reaches it (no trailing slash)."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    scheme = {"ws": "http", "wss": "https"}.get(request.url.scheme, request.url.scheme)
    return f"{scheme}://{request.url.netloc}"


def public_request_url(request: Request, settings: Settings) -> str:
    """The exact URL the provider called (and signed): public base + path + query."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{public_base(request, settings)}{request.url.path}{query}"
