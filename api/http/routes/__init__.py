"""Routers of the web service, one module per resource; ``ROUTERS`` is what the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.routes import health, metrics, sms, staff_admin, staff_api, staff_auth, staff_pages
from api.voice import routes as voice

ROUTERS: list[APIRouter] = [
    health.router,
    metrics.router,
    sms.router,
    staff_auth.router,
    staff_pages.router,
    staff_admin.router,
    staff_api.router,
    voice.router,
]
