"""The demo login: created once when no account exists, written to a private file."""

from __future__ import annotations

import stat
from pathlib import Path

from agent.staff import DEMO_EMAIL, StaffService, demo_login, ensure_demo_account


async def test_the_demo_account_is_created_once_with_a_private_password_file(
    staff: StaffService, tmp_path: Path
) -> None:
    password = await ensure_demo_account(staff, tmp_path)
    assert password
    assert demo_login(tmp_path) == (DEMO_EMAIL, password)
    assert stat.S_IMODE((tmp_path / "demo-staff.txt").stat().st_mode) == 0o600
    assert (await staff.authenticate(DEMO_EMAIL, password)).role == "admin"

    assert await ensure_demo_account(staff, tmp_path) is None
    assert demo_login(tmp_path) == (DEMO_EMAIL, password)


async def test_no_demo_account_once_the_practice_has_staff(
    staff: StaffService, tmp_path: Path
) -> None:
    await staff.create_account("anne@practice.test", "admin", "a long password here")
    assert await ensure_demo_account(staff, tmp_path) is None
    assert demo_login(tmp_path) is None
