"""Routers of the web service, one module per resource; ``ROUTERS`` is what the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.routes import conversations, health

ROUTERS: list[APIRouter] = [health.router, conversations.router]
