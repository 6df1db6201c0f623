"""Staff accounts: argon2 passwords, lockout after repeated failures, sessions that rotate."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from agent.staff import (
    AccountExistsError,
    AccountLockedError,
    InvalidCredentialsError,
    StaffService,
    WeakPasswordError,
)
from fhir_adapters.clock import FixedClock

PASSWORD = "correct horse battery"


async def test_an_account_signs_in_with_its_password_and_the_email_in_any_case(
    staff: StaffService,
) -> None:
    created = await staff.create_account("Anne@Practice.test ", "receptionist", PASSWORD)
    assert created.email == "anne@practice.test"
    account = await staff.authenticate("ANNE@practice.test", PASSWORD)
    assert account.id == created.id and account.role == "receptionist"


async def test_passwords_are_stored_as_argon2_hashes_only(
    staff: StaffService, tmp_path: Path
) -> None:
    await staff.create_account("anne@practice.test", "admin", PASSWORD)
    with sqlite3.connect(tmp_path / "staff.sqlite") as conn:
        (stored,) = conn.execute("SELECT password_hash FROM staff_account").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


async def test_wrong_password_unknown_email_and_disabled_account_all_fail_alike(
    staff: StaffService,
) -> None:
    account = await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    for email, password in (("anne@practice.test", "wrong password!"), ("nobody@x.test", PASSWORD)):
        with pytest.raises(InvalidCredentialsError, match="Wrong email or password"):
            await staff.authenticate(email, password)
    await staff.update(account.id, active=False)
    with pytest.raises(InvalidCredentialsError):
        await staff.authenticate("anne@practice.test", PASSWORD)


async def test_duplicate_emails_and_short_passwords_are_refused(staff: StaffService) -> None:
    await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    with pytest.raises(AccountExistsError):
        await staff.create_account("ANNE@practice.test", "admin", PASSWORD)
    with pytest.raises(WeakPasswordError):
        await staff.create_account("bob@practice.test", "admin", "short")
    assert [a.email for a in await staff.accounts()] == ["anne@practice.test"]


async def test_five_failures_in_fifteen_minutes_lock_even_the_right_password_out(
    staff: StaffService, clock: FixedClock
) -> None:
    await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    for _ in range(5):
        with pytest.raises(InvalidCredentialsError):
            await staff.authenticate("anne@practice.test", "guess guess guess")
        clock.advance(timedelta(minutes=1))
    with pytest.raises(AccountLockedError) as locked:
        await staff.authenticate("anne@practice.test", PASSWORD)
    # The oldest failure was 5 minutes ago: the lock ends when it is 15 minutes old.
    assert locked.value.until == clock.now() + timedelta(minutes=10)
    clock.advance(timedelta(minutes=10))
    assert (await staff.authenticate("anne@practice.test", PASSWORD)).email == "anne@practice.test"


async def test_failures_spread_over_more_than_the_window_do_not_lock(
    staff: StaffService, clock: FixedClock
) -> None:
    await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    for _ in range(8):
        with pytest.raises(InvalidCredentialsError):
            await staff.authenticate("anne@practice.test", "guess guess guess")
        clock.advance(timedelta(minutes=4))
    assert await staff.authenticate("anne@practice.test", PASSWORD)


async def test_a_success_clears_the_failure_count(staff: StaffService) -> None:
    await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    for _ in range(4):
        with pytest.raises(InvalidCredentialsError):
            await staff.authenticate("anne@practice.test", "guess guess guess")
    await staff.authenticate("anne@practice.test", PASSWORD)
    for _ in range(4):
        with pytest.raises(InvalidCredentialsError):
            await staff.authenticate("anne@practice.test", "guess guess guess")
    assert await staff.authenticate("anne@practice.test", PASSWORD)


async def test_sessions_rotate_expire_and_end_on_sign_out(
    staff: StaffService, clock: FixedClock
) -> None:
    account = await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    first = await staff.open_session(account)
    second = await staff.open_session(account, replacing=first.id)
    assert second.id != first.id
    assert await staff.session(first.id) is None
    assert (await staff.session(second.id)).account.id == account.id  # type: ignore[union-attr]
    await staff.close_session(second.id)
    assert await staff.session(second.id) is None

    third = await staff.open_session(account)
    clock.advance(timedelta(hours=12))
    assert await staff.session(third.id) is None


async def test_a_role_change_or_a_new_password_ends_the_accounts_sessions(
    staff: StaffService,
) -> None:
    account = await staff.create_account("anne@practice.test", "receptionist", PASSWORD)
    session = await staff.open_session(account)
    promoted = await staff.update(account.id, role="admin")
    assert promoted.is_admin and await staff.session(session.id) is None
    session = await staff.open_session(promoted)
    await staff.set_password(account.id, "another long password")
    assert await staff.session(session.id) is None
    assert await staff.authenticate("anne@practice.test", "another long password")
