"""The staff session cookie and CSRF tokens.

The cookie carries a random session id signed with the ``session`` key (itsdangerous), so a
forged or altered cookie is refused before the store is even asked; the session itself lives
server-side (``agent.staff``), which is what makes sign-out and rotation real. The cookie is
HttpOnly, SameSite=Lax, and Secure when the request came over https (or when configured).

CSRF tokens are bound to the session: an HMAC of the session id under the ``csrf`` key, sent
back in a form field or the ``X-CSRF-Token`` header. Before sign-in (the login form) a signed
double-submit cookie plays that role.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer

from agent.keys import secret_key
from agent.settings import Settings

SESSION_COOKIE = "frontdesk_staff"
LOGIN_CSRF_COOKIE = "frontdesk_login_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


def _signer(settings: Settings) -> Signer:
    return Signer(secret_key(settings, "session"), salt="staff-session")


def secure_cookie(settings: Settings, request: Request) -> bool:
    """Whether cookies get the Secure flag: as configured, else when the request was https."""
    if settings.staff_cookie_secure is not None:
        return settings.staff_cookie_secure
    return request.url.scheme == "https"


def set_session_cookie(
    response: Response, settings: Settings, request: Request, session_id: str, max_age: int
) -> None:
    """Give the browser its (signed) session id."""
    response.set_cookie(
        SESSION_COOKIE,
        _signer(settings).sign(session_id).decode(),
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookie(settings, request),
    )


def clear_session_cookie(response: Response, settings: Settings, request: Request) -> None:
    """Make the browser forget its session id."""
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookie(settings, request),
    )


def session_id_from(request: Request, settings: Settings) -> str | None:
    """The session id of the request's cookie, if present and correctly signed."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        return _signer(settings).unsign(raw).decode()
    except BadSignature:
        return None


def csrf_token(settings: Settings, session_id: str) -> str:
    """The CSRF token of a session (stable for the session, useless for any other)."""
    key = secret_key(settings, "csrf")
    return hmac.new(key, session_id.encode(), hashlib.sha256).hexdigest()


def csrf_ok(settings: Settings, session_id: str, sent: str | None) -> bool:
    """Whether ``sent`` is the session's CSRF token."""
    return bool(sent) and hmac.compare_digest(csrf_token(settings, session_id), str(sent))


def new_login_csrf(settings: Settings) -> str:
    """A signed random token for the login form's double-submit cookie."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_login_mac(settings, nonce)}"


def login_csrf_ok(settings: Settings, cookie: str | None, sent: str | None) -> bool:
    """The login form's token matches its cookie, and the cookie is one we signed."""
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        return False
    nonce, _, mac = cookie.partition(".")
    return hmac.compare_digest(_login_mac(settings, nonce), mac)


def _login_mac(settings: Settings, nonce: str) -> str:
    key = secret_key(settings, "csrf")
    return hmac.new(key, b"login:" + nonce.encode(), hashlib.sha256).hexdigest()
