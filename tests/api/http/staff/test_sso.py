"""Single sign-on: an identity provider's verified email maps to an existing staff account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agent.settings import Settings
from agent.staff import StaffService
from api.http.app import create_app
from api.http.staff.oidc import account_for_claims
from tests.api.http.staff.conftest import PASSWORD, RECEPTIONIST


@pytest.mark.parametrize(
    ("claims", "found"),
    [
        ({"email": RECEPTIONIST, "email_verified": True}, True),
        ({"email": RECEPTIONIST.upper()}, True),
        ({"email": RECEPTIONIST, "email_verified": False}, False),
        ({"email": "stranger@practice.test", "email_verified": True}, False),
        ({"sub": "123"}, False),
        ({"email": 42}, False),
        (None, False),
    ],
)
async def test_claims_map_only_to_an_existing_account_by_verified_email(
    staff: StaffService, claims: dict[str, Any] | None, found: bool
) -> None:
    await staff.create_account(RECEPTIONIST, "receptionist", PASSWORD)
    account = await account_for_claims(claims, staff)
    assert (account is not None) == found
    if found:
        assert account.email == RECEPTIONIST  # type: ignore[union-attr]


async def test_a_custom_claim_names_the_email(staff: StaffService) -> None:
    await staff.create_account(RECEPTIONIST, "receptionist", PASSWORD)
    claims = {"upn": RECEPTIONIST, "email": "other@x.test"}
    assert (await account_for_claims(claims, staff, "upn")) is not None


class FakeIdP:
    """Stands in for Authlib's client after a successful (or failed) code exchange."""

    def __init__(self, userinfo: dict[str, Any] | None) -> None:
        self.userinfo = userinfo

    async def authorize_redirect(self, request: Any, redirect_uri: str) -> Any:
        from starlette.responses import RedirectResponse

        return RedirectResponse(f"https://idp.test/authorize?redirect_uri={redirect_uri}", 302)

    async def authorize_access_token(self, request: Any) -> dict[str, Any]:
        from authlib.integrations.starlette_client import OAuthError

        if self.userinfo is None:
            raise OAuthError(error="access_denied")
        return {"access_token": "x", "userinfo": self.userinfo}


@pytest.fixture
async def sso_app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = Settings(
        data_dir=tmp_path,
        now="2026-11-23T08:00:00+01:00",
        demo_weeks=1,
        staff_demo_account=False,
        staff_oidc_issuer="https://idp.test",
        staff_oidc_client_id="frontdesk",
        staff_oidc_client_secret="s3cret",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await app.state.staff.create_account(RECEPTIONIST, "receptionist")  # SSO only
        yield app


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_sso_signs_a_known_staff_member_in_and_back_to_the_page(sso_app: FastAPI) -> None:
    sso_app.state.oidc_client = FakeIdP({"email": RECEPTIONIST, "email_verified": True})
    async with await _client(sso_app) as client:
        login = await client.get("/staff/login")
        assert "Sign in with your organisation" in login.text
        start = await client.get("/staff/sso?next=/staff/schedule")
        assert start.status_code == 302 and start.headers["location"].startswith("https://idp")
        back = await client.get("/staff/sso/callback?code=abc&state=xyz")
        assert back.status_code == 303 and back.headers["location"] == "/staff/schedule"
        assert (await client.get("/staff/schedule")).status_code == 200


@pytest.mark.parametrize(
    ("userinfo", "status"),
    [({"email": "stranger@practice.test", "email_verified": True}, 403), (None, 401)],
)
async def test_sso_refuses_unknown_identities_and_failed_exchanges(
    sso_app: FastAPI, userinfo: dict[str, Any] | None, status: int
) -> None:
    sso_app.state.oidc_client = FakeIdP(userinfo)
    async with await _client(sso_app) as client:
        await client.get("/staff/sso")
        back = await client.get("/staff/sso/callback?code=abc&state=xyz")
        assert back.status_code == status
        assert (await client.get("/staff/schedule")).status_code == 303


async def test_sso_routes_are_404_when_not_configured(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/staff/sso")).status_code == 404
    login = await anonymous.get("/staff/login")
    assert "Sign in with your organisation" not in login.text
