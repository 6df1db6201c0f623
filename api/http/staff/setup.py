"""Wiring the console into the app: its error pages, its service, the demo login, SSO state.

``install_staff_console`` runs when the app is built (handlers, middleware);
``start_staff_console`` in the lifespan, once the engine exists (its clock is the console's).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from agent.keys import secret_key
from agent.settings import Settings
from agent.staff import build_staff_service, ensure_demo_account
from api.http.staff.guards import LoginRequired, PageForbidden, login_url
from fhir_adapters.clock import Clock

SSO_COOKIE = "frontdesk_sso"


def install_staff_console(app: FastAPI, settings: Settings) -> None:
    """Register the console's redirects and error pages, and SSO's short-lived state cookie."""

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_path), status_code=303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, _: PageForbidden) -> Response:
        from api.http.staff.templates import render

        session = getattr(request.state, "staff_session", None)
        return render(request, "forbidden.html", session, status_code=403)

    if settings.staff_oidc_issuer:
        # Authlib keeps the OIDC state and nonce in Starlette's session between the redirect
        # to the identity provider and the callback; it holds nothing else (10 minutes).
        app.add_middleware(
            SessionMiddleware,
            secret_key=secret_key(settings, "sso-state").hex(),
            session_cookie=SSO_COOKIE,
            max_age=600,
            same_site="lax",
            https_only=bool(settings.staff_cookie_secure),
        )


async def start_staff_console(app: FastAPI, settings: Settings, clock: Clock) -> None:
    """Build the staff service; on the embedded demo store, make sure a demo login exists."""
    app.state.staff = build_staff_service(settings, clock=clock)
    if settings.staff_demo_account and not settings.fhir_base_url:
        await ensure_demo_account(app.state.staff, settings.data_dir)


def demo_login_line(settings: Settings) -> str | None:
    """ "email / password" of the demo login, creating it first when the server will (for
    ``frontdesk serve`` to print before it starts); None when there is none."""
    import asyncio

    from agent.staff import demo_login

    if not settings.staff_demo_account or settings.fhir_base_url:
        return None
    asyncio.run(ensure_demo_account(build_staff_service(settings), settings.data_dir))
    found = demo_login(settings.data_dir)
    return f"{found[0]} / {found[1]}" if found else None
