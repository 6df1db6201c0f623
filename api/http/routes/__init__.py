"""Routers of the web service, one module per resource; ``ROUTERS`` is what the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.routes import (
    chat,
    conversations,
    health,
    metrics,
    sms,
    staff_admin,
    staff_api,
    staff_auth,
    staff_outreach,
    staff_pages,
)
from api.voice import daily, webrtc
from api.voice import routes as voice

# The prebuilt voice client (a static frontend at /voice/) comes last: API routes match first.
ROUTERS: list[APIRouter] = [
    health.router,
    conversations.router,
    chat.router,
    metrics.router,
    sms.router,
    staff_auth.router,
    staff_pages.router,
    staff_admin.router,
    staff_api.router,
    staff_outreach.router,
    voice.router,
    daily.router,
    webrtc.router,
    webrtc.ui_router,
]
