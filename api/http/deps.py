"""FastAPI dependencies: the one place routes get settings, the engine and the backend from.

The app's lifespan (``api.http.app``) builds one Engine per process and keeps it on
``app.state``; routes receive it through these ``Annotated`` aliases.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from agent.settings import Settings
from agent.staff import StaffService, StaffSession
from api.http.staff.guards import (
    admin_page,
    current_staff,
    require_admin,
    staff_page,
    staff_service,
)
from fhir_adapters.backend import SchedulingBackend
from graphs.engine import Engine


def get_settings(request: Request) -> Settings:
    """The process's Settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_engine(request: Request) -> Engine:
    """The process's one Engine, shared by every channel."""
    return request.app.state.engine  # type: ignore[no-any-return]


def get_backend(request: Request) -> SchedulingBackend:
    """The practice's scheduling backend (the engine's)."""
    return get_engine(request).backend


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
BackendDep = Annotated[SchedulingBackend, Depends(get_backend)]


# ---- staff console -------------------------------------------------------------------------
# JSON endpoints answer 401/403 problem documents; pages redirect to the login page instead.
# Each guard also checks the session's CSRF token on unsafe methods.
StaffServiceDep = Annotated[StaffService, Depends(staff_service)]
CurrentStaff = Annotated[StaffSession, Depends(current_staff)]
RequireAdmin = Annotated[StaffSession, Depends(require_admin)]
StaffPage = Annotated[StaffSession, Depends(staff_page)]
AdminPage = Annotated[StaffSession, Depends(admin_page)]
