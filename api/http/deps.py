"""FastAPI dependencies: the one place routes get settings, the engine and the backend from.

The app's lifespan (``api.http.app``) builds one Engine per process and keeps it on
``app.state``; routes receive it through these ``Annotated`` aliases.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from agent.settings import Settings
from agent.staff import StaffService, StaffSession
from api.http.conversations.service import ConversationService
from api.http.staff.guards import (
    admin_page,
    current_staff,
    require_admin,
    staff_page,
    staff_service,
)
from fhir_adapters.backend import SchedulingBackend
from graphs.engine import Engine


def get_settings(request: HTTPConnection) -> Settings:
    """The process's Settings (for HTTP routes and WebSockets alike)."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_engine(request: HTTPConnection) -> Engine:
    """The process's one Engine, shared by every channel."""
    return request.app.state.engine  # type: ignore[no-any-return]


def get_backend(request: HTTPConnection) -> SchedulingBackend:
    """The practice's scheduling backend (the engine's)."""
    return get_engine(request).backend


def get_conversations(request: HTTPConnection) -> ConversationService:
    """The patient conversation service (one per app, built on first use)."""
    service = getattr(request.app.state, "conversations", None)
    if service is None or service.engine is not get_engine(request):
        service = ConversationService(get_engine(request), get_settings(request))
        request.app.state.conversations = service
    return service  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
BackendDep = Annotated[SchedulingBackend, Depends(get_backend)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]


# ---- staff console -------------------------------------------------------------------------
# JSON endpoints answer 401/403 problem documents; pages redirect to the login page instead.
# Each guard also checks the session's CSRF token on unsafe methods.
StaffServiceDep = Annotated[StaffService, Depends(staff_service)]
CurrentStaff = Annotated[StaffSession, Depends(current_staff)]
RequireAdmin = Annotated[StaffSession, Depends(require_admin)]
StaffPage = Annotated[StaffSession, Depends(staff_page)]
AdminPage = Annotated[StaffSession, Depends(admin_page)]
