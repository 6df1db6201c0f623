"""Signing in and out of the staff console: password form, lockout, single sign-on.

A successful sign-in always starts a new server-side session (the old one, if the browser
had any, ends): a session id planted before sign-in is worthless after it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from agent.staff import AccountLockedError, InvalidCredentialsError, StaffAccount
from api.http.deps import SettingsDep, StaffPage, StaffServiceDep
from api.http.problems import Problem
from api.http.staff.cookies import (
    LOGIN_CSRF_COOKIE,
    clear_session_cookie,
    login_csrf_ok,
    new_login_csrf,
    secure_cookie,
    session_id_from,
    set_session_cookie,
)
from api.http.staff.guards import safe_next
from api.http.staff.oidc import account_for_claims, oidc_client
from api.http.staff.templates import render
from api.http.staff.trail import record

router = APIRouter(prefix="/staff", tags=["staff console"], include_in_schema=False)


def login_form(
    request: Request, *, next_path: str, error: str | None = None, status_code: int = 200
) -> Response:
    """The login page with a fresh double-submit CSRF token."""
    settings = request.app.state.settings
    token = new_login_csrf(settings)
    response = render(
        request,
        "login.html",
        None,
        page="login",
        status_code=status_code,
        login_csrf=token,
        next=safe_next(next_path),
        error=error,
        sso=bool(settings.staff_oidc_issuer),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path="/staff",
        httponly=True,
        samesite="strict",
        secure=secure_cookie(settings, request),
    )
    return response


@router.get("/login")
async def login_page(request: Request, staff: StaffServiceDep, next: str = "/staff") -> Response:
    """The sign-in form (or straight on to the console for a signed-in browser)."""
    session_id = session_id_from(request, request.app.state.settings)
    if session_id and await staff.session(session_id):
        return RedirectResponse(safe_next(next), status_code=303)
    return login_form(request, next_path=next)


@router.post("/login")
async def login(
    request: Request,
    settings: SettingsDep,
    staff: StaffServiceDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/staff",
) -> Response:
    """Check the password; on success, a new session and back to where the user was going."""
    if not login_csrf_ok(settings, request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return login_form(
            request,
            next_path=next,
            error="The form expired. Please sign in again.",
            status_code=403,
        )
    try:
        account = await staff.authenticate(email, password)
    except AccountLockedError as locked:
        minutes = max(1, int((locked.until - staff.clock.now()).total_seconds() // 60) + 1)
        response = login_form(
            request,
            next_path=next,
            error=f"Too many failed sign-ins. Try again in {minutes} minutes.",
            status_code=429,
        )
        response.headers["Retry-After"] = str(minutes * 60)
        return response
    except InvalidCredentialsError:
        return login_form(
            request, next_path=next, error="Wrong email or password.", status_code=401
        )
    return await start_session(request, account, safe_next(next), how="sign-in")


async def start_session(
    request: Request, account: StaffAccount, target: str, *, how: str
) -> Response:
    """Open a new session for ``account`` (ending the browser's previous one) and redirect."""
    settings = request.app.state.settings
    staff = request.app.state.staff
    session = await staff.open_session(account, replacing=session_id_from(request, settings))
    await record(request, account, how, required=False)
    response = RedirectResponse(target, status_code=303)
    max_age = int((session.expires_at - session.created_at).total_seconds())
    set_session_cookie(response, settings, request, session.id, max_age)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/staff")
    return response


@router.post("/logout")
async def logout(request: Request, session: StaffPage, staff: StaffServiceDep) -> Response:
    """End the session (its id is useless afterwards) and go back to the login page."""
    await staff.close_session(session.id)
    await record(request, session.account, "sign-out", required=False)
    response = RedirectResponse("/staff/login", status_code=303)
    clear_session_cookie(response, request.app.state.settings, request)
    return response


@router.get("/sso")
async def sso_start(request: Request, next: str = "/staff") -> Response:
    """Send the browser to the practice's identity provider (404 when SSO is off)."""
    client = oidc_client(request)
    if client is None:
        raise Problem(404, "Not found", "Single sign-on is not configured.")
    request.session["next"] = safe_next(next)
    redirect_uri = str(request.url_for("sso_callback"))
    return await client.authorize_redirect(request, redirect_uri)  # type: ignore[no-any-return]


@router.get("/sso/callback", name="sso_callback")
async def sso_callback(request: Request, staff: StaffServiceDep) -> Response:
    """Back from the identity provider: map the verified identity to a staff account."""
    client = oidc_client(request)
    if client is None:
        raise Problem(404, "Not found", "Single sign-on is not configured.")
    from authlib.integrations.starlette_client import OAuthError

    next_path = safe_next(request.session.pop("next", "/staff"))
    try:
        token = await client.authorize_access_token(request)
    except OAuthError:
        return login_form(
            request, next_path=next_path, error="Single sign-on failed.", status_code=401
        )
    claims = token.get("userinfo") or {}
    account = await account_for_claims(
        claims, staff, request.app.state.settings.staff_oidc_email_claim
    )
    if account is None:
        return login_form(
            request,
            next_path=next_path,
            error="Your organisation account has no staff account here. Ask an admin.",
            status_code=403,
        )
    return await start_session(request, account, next_path, how="sign-in-sso")
