"""Who may open a staff route: a live session (401), the right role (403), a CSRF token.

Two flavours of each guard: JSON endpoints answer problem documents (401/403); HTML pages
send a signed-out browser to ``/staff/login?next=...`` and a receptionist on an admin page to
a 403 page. Every unsafe method also needs the session's CSRF token.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from agent.settings import Settings
from agent.staff import StaffService, StaffSession
from api.http.problems import Problem
from api.http.staff.cookies import CSRF_FIELD, CSRF_HEADER, csrf_ok, session_id_from

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """An HTML page was asked for without a session: go to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__("login required")
        self.next_path = next_path


class PageForbidden(Exception):
    """An HTML page the signed-in account's role may not see (answered with a 403 page)."""


def staff_service(request: Request) -> StaffService:
    """The process's staff service (built at start-up)."""
    return request.app.state.staff  # type: ignore[no-any-return]


async def _session(request: Request) -> StaffSession | None:
    if hasattr(request.state, "staff_session"):
        return request.state.staff_session  # type: ignore[no-any-return]
    settings: Settings = request.app.state.settings
    session_id = session_id_from(request, settings)
    session = await staff_service(request).session(session_id) if session_id else None
    request.state.staff_session = session
    return session


async def _check_csrf(request: Request, session: StaffSession) -> None:
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = str((await request.form()).get(CSRF_FIELD) or "") or None
    if not csrf_ok(request.app.state.settings, session.id, sent):
        raise Problem(403, "CSRF check failed", "The form or request lacks a valid CSRF token.")


async def current_staff(request: Request) -> StaffSession:
    """JSON endpoints: the signed-in staff member, else 401; bad CSRF on a write, 403."""
    session = await _session(request)
    if session is None:
        raise Problem(
            401,
            "Not signed in",
            "Sign in to the staff console first.",
            headers={"WWW-Authenticate": 'Cookie realm="staff"'},
        )
    await _check_csrf(request, session)
    return session


async def require_admin(request: Request) -> StaffSession:
    """JSON endpoints for admins only: 401 without a session, 403 for a receptionist."""
    session = await current_staff(request)
    if not session.account.is_admin:
        raise Problem(403, "Admins only", "This needs an admin account.")
    return session


async def staff_page(request: Request) -> StaffSession:
    """HTML pages: the signed-in staff member, else a redirect to the login page."""
    session = await _session(request)
    if session is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    await _check_csrf(request, session)
    return session


async def admin_page(request: Request) -> StaffSession:
    """HTML pages for admins only."""
    session = await staff_page(request)
    if not session.account.is_admin:
        raise PageForbidden()
    return session


def login_url(next_path: str) -> str:
    """The login page that comes back to ``next_path`` (a local path only)."""
    return "/staff/login?next=" + quote(safe_next(next_path), safe="/")


def safe_next(next_path: str | None) -> str:
    """``next_path`` when it is a console path on this site, else the queue (no open redirect)."""
    ok = (
        bool(next_path)
        and str(next_path).startswith("/staff")
        and not any(bad in str(next_path) for bad in ("//", "\\", "\r", "\n"))
        and not str(next_path).startswith("/staff/login")
    )
    return str(next_path) if ok else "/staff"
