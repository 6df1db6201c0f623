"""Signing in and out of the staff console: cookies, CSRF, lockout, rotation, roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from fhir_adapters.access_audit import operation_of
from tests.api.http.staff.conftest import (
    ADMIN,
    PASSWORD,
    RECEPTIONIST,
    Console,
    login_csrf_of,
    sign_in,
)

SignedIn = Callable[[str], Awaitable[Console]]
PAGES = [
    "/staff/schedule",
    "/staff/admin/accounts",
    "/staff/admin/settings",
]


@pytest.mark.parametrize("path", PAGES)
async def test_every_console_page_sends_a_signed_out_browser_to_login(
    anonymous: httpx.AsyncClient, path: str
) -> None:
    response = await anonymous.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/login?next={path}"


async def test_the_session_cookie_is_httponly_lax_and_secure_over_https(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://console.test") as client:
        response = await sign_in(client, RECEPTIONIST)
    assert response.status_code == 303
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("frontdesk_staff=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie


async def test_sign_in_goes_back_to_the_page_asked_for_and_only_to_console_pages(
    anonymous: httpx.AsyncClient,
) -> None:
    page = await anonymous.get("/staff/login?next=/staff/schedule")
    token = login_csrf_of(page.text)
    response = await anonymous.post(
        "/staff/login",
        data={
            "email": RECEPTIONIST,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/staff",
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    assert (await anonymous.get("/staff/schedule")).status_code == 200


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    anonymous: httpx.AsyncClient,
) -> None:
    for email in (RECEPTIONIST, "nobody@practice.test"):
        response = await sign_in(anonymous, email, "not the password")
        assert response.status_code == 401
        assert "Wrong email or password." in response.text
        assert "frontdesk_staff=" not in response.headers.get("set-cookie", "")


async def test_the_login_form_needs_its_csrf_token(anonymous: httpx.AsyncClient) -> None:
    await anonymous.get("/staff/login")
    response = await anonymous.post(
        "/staff/login", data={"email": RECEPTIONIST, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert (await anonymous.get("/staff/schedule")).status_code == 303


async def test_five_failures_lock_the_account_with_429_even_for_the_right_password(
    anonymous: httpx.AsyncClient,
) -> None:
    for _ in range(5):
        assert (await sign_in(anonymous, RECEPTIONIST, "guess guess")).status_code == 401
    locked = await sign_in(anonymous, RECEPTIONIST)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert int(locked.headers["retry-after"]) > 0


async def test_sign_in_rotates_the_session_so_a_planted_id_is_worthless(
    anonymous: httpx.AsyncClient, app: FastAPI
) -> None:
    await sign_in(anonymous, RECEPTIONIST)
    first = anonymous.cookies["frontdesk_staff"]
    # The browser still holds ``first`` (e.g. planted by someone else) when it signs in.
    anonymous.cookies.delete("frontdesk_staff")
    token = login_csrf_of((await anonymous.get("/staff/login")).text)
    anonymous.cookies.set("frontdesk_staff", first)
    response = await anonymous.post(
        "/staff/login", data={"email": RECEPTIONIST, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    second = response.cookies["frontdesk_staff"]
    assert first != second
    assert await _status_with_cookie(app, first) == 303
    assert await _status_with_cookie(app, second) == 200


async def _status_with_cookie(app: FastAPI, cookie: str) -> int:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        other.cookies.set("frontdesk_staff", cookie)
        return (await other.get("/staff/schedule")).status_code


async def test_a_tampered_cookie_is_no_session(anonymous: httpx.AsyncClient, app: FastAPI) -> None:
    await sign_in(anonymous, RECEPTIONIST)
    value = anonymous.cookies["frontdesk_staff"]
    assert await _status_with_cookie(app, value) == 200
    session_id, _, signature = value.rpartition(".")
    assert await _status_with_cookie(app, f"{session_id}x.{signature}") == 303


async def test_sign_out_needs_csrf_and_then_ends_the_session(
    console: SignedIn, app: FastAPI
) -> None:
    anne = await console(RECEPTIONIST)
    refused = await anne.client.post("/staff/logout", data={"csrf_token": "nope"})
    assert refused.status_code == 403
    assert (await anne.client.get("/staff/schedule")).status_code == 200
    cookie = anne.client.cookies["frontdesk_staff"]
    out = await anne.client.post("/staff/logout", data={"csrf_token": anne.csrf})
    assert out.status_code == 303 and out.headers["location"] == "/staff/login"
    assert await _status_with_cookie(app, cookie) == 303  # a copy kept by someone else


async def test_admin_pages_are_403_for_a_receptionist_and_open_to_an_admin(
    console: SignedIn,
) -> None:
    anne = await console(RECEPTIONIST)
    boss = await console(ADMIN)
    for path in ("/staff/admin/accounts", "/staff/admin/settings"):
        assert (await anne.client.get(path)).status_code == 403
        assert (await boss.client.get(path)).status_code == 200
    page = await anne.client.get("/staff/schedule")
    assert "/staff/admin/accounts" not in page.text


async def test_sign_in_and_out_are_in_the_audit_trail(console: SignedIn, app: FastAPI) -> None:
    anne = await console(RECEPTIONIST)
    await anne.client.post("/staff/logout", data={"csrf_token": anne.csrf})
    events = await app.state.engine.backend.list_audit_events(limit=10)
    mine = [e for e in events if e.agent[0].who.display == RECEPTIONIST]
    assert [operation_of(e) for e in mine][:3] == ["sign-out", "view-schedule", "sign-in"]
