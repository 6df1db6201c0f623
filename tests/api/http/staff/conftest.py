"""A web app on a fresh demo store with two staff accounts, and clients signed in as each.

``console`` signs a client in through the real login form (double-submit CSRF and all) and
returns it with the session's CSRF token, read from the page as a browser's script would.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agent.settings import Settings
from api.http.app import create_app
from tests.agent.staff.conftest import staff  # noqa: F401  (a fixture, shared)

PASSWORD = "a long password here"
RECEPTIONIST = "anne@practice.test"
ADMIN = "boss@practice.test"


@dataclass
class Console:
    """A signed-in client and its session's CSRF token."""

    client: httpx.AsyncClient
    csrf: str


def csrf_of(html: str) -> str:
    """The session CSRF token a console page carries in its meta tag."""
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', html)
    assert found, "no CSRF meta tag on the page"
    return found.group(1)


def login_csrf_of(html: str) -> str:
    """The login form's hidden CSRF token."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the login form"
    return found.group(1)


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Post the login form as a browser would (after loading it)."""
    page = await client.get("/staff/login")
    return await client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": login_csrf_of(page.text)},
    )


async def start_emergency(
    app: FastAPI, conversation_id: str, text: str, *, caller_phone: str | None = None
) -> str:
    """A web conversation whose first patient line is an emergency (handed to staff)."""
    engine = app.state.engine
    await engine.start(conversation_id, language="en", channel="web", caller_phone=caller_phone)
    assert (await engine.turn(conversation_id, text)).handed_off
    return conversation_id


def console_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """The console's test settings (a fixed time, no demo account), with overrides."""
    return Settings(
        data_dir=tmp_path,
        now="2026-11-23T08:00:00+01:00",
        staff_demo_account=False,
        demo_weeks=1,
        **overrides,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return console_settings(tmp_path)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await app.state.staff.create_account(RECEPTIONIST, "receptionist", PASSWORD)
        await app.state.staff.create_account(ADMIN, "admin", PASSWORD)
        yield app


@pytest.fixture
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def console(app: FastAPI) -> Callable[[str], Awaitable[Console]]:
    clients: list[httpx.AsyncClient] = []

    async def signed_in(email: str) -> Console:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        clients.append(client)
        response = await sign_in(client, email)
        assert response.status_code == 303, response.text
        page = await client.get("/staff/schedule")
        return Console(client, csrf_of(page.text))

    return signed_in
