"""Routers of the web service, one module per resource; ``ROUTERS`` is what the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.routes import health
from api.voice import daily, webrtc
from api.voice import routes as voice

# The prebuilt voice client (a static frontend at /voice/) comes last: API routes match first.
ROUTERS: list[APIRouter] = [
    health.router,
    voice.router,
    daily.router,
    webrtc.router,
    webrtc.ui_router,
]
