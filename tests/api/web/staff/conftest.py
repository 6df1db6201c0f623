"""Browser fixtures of the staff console: the web service on a real port (a private copy of
the demo practice, fixed clock) with a receptionist and an admin, and the system Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.http.conftest import seeded_store, web_settings  # noqa: F401
from tests.api.live_server import LiveServer, live_server
from tests.api.web.chat.conftest import browser  # noqa: F401

PASSWORD = "a long password here"
RECEPTIONIST = "anne@practice.test"
ADMIN = "boss@practice.test"
CONSOLE_PAGES = [
    "/staff",
    "/staff/schedule",
    "/staff/conversations",
    "/staff/analytics",
    "/staff/outreach",
    "/staff/admin/accounts",
    "/staff/admin/settings",
]


@pytest.fixture(scope="module")
def console_server(
    seeded_store: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """frontdesk on a free port, with a receptionist and an admin account."""
    data_dir = tmp_path_factory.mktemp("console")
    shutil.copy(seeded_store, data_dir / "frontdesk.sqlite")
    settings = web_settings(data_dir, staff_demo_account=False)
    with live_server(settings) as server:
        staff = server.app.state.staff
        server.run(staff.create_account(RECEPTIONIST, "receptionist", PASSWORD))
        server.run(staff.create_account(ADMIN, "admin", PASSWORD))
        yield server


def sign_in(page: Any, base: str, email: str, next_path: str = "/staff") -> None:
    """Sign in through the login form as a person would, landing on ``next_path``."""
    page.goto(f"{base}{next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{next_path}")
