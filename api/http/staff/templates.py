"""Jinja2 rendering of the console's pages, with what every page needs (account, CSRF, nav)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from agent.staff import StaffSession
from api.http.staff.cookies import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "web" / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

NAV = (
    ("queue", "/staff", "Queue", False),
    ("schedule", "/staff/schedule", "Today's schedule", False),
    ("conversations", "/staff/conversations", "Conversations", False),
    ("analytics", "/staff/analytics", "Analytics", False),
    ("outreach", "/staff/outreach", "Reminders & waitlist", False),
    ("accounts", "/staff/admin/accounts", "Staff accounts", True),
    ("settings", "/staff/admin/settings", "Clinic settings", True),
)
"""(key, path, label, admin only) of the console's pages, in menu order."""


def render(
    request: Request,
    name: str,
    session: StaffSession | None,
    *,
    page: str = "",
    status_code: int = 200,
    **context: Any,
) -> Response:
    """Render ``staff/<name>`` with the account, its CSRF token and the menu."""
    settings = request.app.state.settings
    nav = [n for n in NAV if session and (session.account.is_admin or not n[3])]
    return templates.TemplateResponse(
        request,
        f"staff/{name}",
        {
            "staff": session.account if session else None,
            "csrf": csrf_token(settings, session.id) if session else "",
            "nav": nav,
            "page": page,
            "clinic": request.app.state.engine.clinic,
            **context,
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )
