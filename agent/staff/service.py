"""Staff accounts and sign-in: create accounts, check passwords, lock out guessers, sessions.

Every method is async and runs the store and argon2 in a worker thread, so the console's event
loop keeps serving patients while a password is being checked. Time and ids are injected.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from agent.settings import Settings
from agent.staff.models import (
    EMAIL_PATTERN,
    ROLES,
    AccountLockedError,
    AccountNotFoundError,
    InvalidCredentialsError,
    InvalidEmailError,
    Role,
    StaffAccount,
    StaffSession,
    WeakPasswordError,
)
from agent.staff.passwords import MAX_LENGTH, MIN_LENGTH, hash_password, verify_password
from agent.staff.store import StaffStore, session_hash
from fhir_adapters.clock import Clock, SystemClock


@dataclass(frozen=True)
class LockoutPolicy:
    """``max_failures`` failed sign-ins within ``window`` lock the email until the window
    after the oldest of them has passed."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


def normalize_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


class StaffService:
    """Accounts, password sign-in with lockout, and server-side sessions.

    Args:
        store: where accounts and sessions live.
        clock: the source of "now" (lockout windows, session expiry).
        lockout: how many failures lock an email, and for how long.
        session_lifetime: how long a session lasts from sign-in.
        id_factory: makes account ids.
    """

    def __init__(
        self,
        store: StaffStore,
        *,
        clock: Clock | None = None,
        lockout: LockoutPolicy | None = None,
        session_lifetime: timedelta = timedelta(hours=12),
        id_factory: Callable[[], str] | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.lockout = lockout or LockoutPolicy()
        self.session_lifetime = session_lifetime
        self._ids = id_factory or (lambda: uuid.uuid4().hex)

    # ---- accounts ----------------------------------------------------------------------

    async def create_account(
        self, email: str, role: Role, password: str | None = None
    ) -> StaffAccount:
        """A new account. Without a password it can only sign in through single sign-on.

        Raises AccountExistsError, WeakPasswordError, ValueError (bad email or role).
        """
        email = normalize_email(email)
        if not re.fullmatch(EMAIL_PATTERN, email):
            raise InvalidEmailError("A staff login must be an email address.")
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if password is not None:
            check_password(password)
        account = StaffAccount(id=self._ids(), email=email, role=role, created_at=self.clock.now())
        hashed = await asyncio.to_thread(hash_password, password) if password else None
        await asyncio.to_thread(self.store.add_account, account, hashed)
        return account

    async def accounts(self) -> list[StaffAccount]:
        """Every account."""
        return await asyncio.to_thread(self.store.accounts)

    async def account(self, account_id: str) -> StaffAccount:
        """One account. Raises AccountNotFoundError."""
        found = await asyncio.to_thread(self.store.account, account_id)
        if found is None:
            raise AccountNotFoundError("No such staff account.")
        return found

    async def account_by_email(self, email: str) -> StaffAccount | None:
        """The active account for ``email`` (single sign-on maps an identity to it)."""
        found = await asyncio.to_thread(self.store.account_by_email, normalize_email(email))
        return found[0] if found and found[0].active else None

    async def update(
        self, account_id: str, *, role: Role | None = None, active: bool | None = None
    ) -> StaffAccount:
        """Change role or access; the account's sessions end so the change applies at once."""
        await asyncio.to_thread(self.store.update_account, account_id, role=role, active=active)
        await asyncio.to_thread(self.store.delete_sessions_of, account_id)
        return await self.account(account_id)

    async def set_password(self, account_id: str, password: str) -> None:
        """Replace the password and end every session of the account."""
        check_password(password)
        hashed = await asyncio.to_thread(hash_password, password)
        await asyncio.to_thread(self.store.set_password_hash, account_id, hashed)
        await asyncio.to_thread(self.store.delete_sessions_of, account_id)

    # ---- sign-in -----------------------------------------------------------------------

    async def authenticate(self, email: str, password: str) -> StaffAccount:
        """The account if the password is right.

        Raises:
            AccountLockedError: too many recent failures for this email (checked first, so a
                locked account cannot be probed further, even with the right password).
            InvalidCredentialsError: unknown email, wrong password or disabled account.
        """
        key = normalize_email(email)
        now = self.clock.now()
        recent = await asyncio.to_thread(self.store.failures_since, key, now - self.lockout.window)
        if len(recent) >= self.lockout.max_failures:
            raise AccountLockedError(until=recent[-self.lockout.max_failures] + self.lockout.window)
        found = await asyncio.to_thread(self.store.account_by_email, key)
        account, hashed = found if found else (None, None)
        ok = await asyncio.to_thread(verify_password, password[:MAX_LENGTH], hashed)
        if not ok or account is None or not account.active:
            await asyncio.to_thread(self.store.add_failure, key, now)
            raise InvalidCredentialsError("Wrong email or password.")
        await asyncio.to_thread(self.store.clear_failures, key)
        return account

    # ---- sessions ----------------------------------------------------------------------

    async def open_session(
        self, account: StaffAccount, *, replacing: str | None = None
    ) -> StaffSession:
        """A fresh session for ``account``; the one it replaces (if any) ends (no fixation)."""
        if replacing:
            await asyncio.to_thread(self.store.delete_session, session_hash(replacing))
        now = self.clock.now()
        session = StaffSession(
            id=secrets.token_urlsafe(32),
            account=account,
            created_at=now,
            expires_at=now + self.session_lifetime,
        )
        await asyncio.to_thread(
            self.store.add_session,
            session_hash(session.id),
            account.id,
            session.created_at,
            session.expires_at,
        )
        return session

    async def session(self, session_id: str) -> StaffSession | None:
        """The live session with this id, or None (unknown, expired, account disabled)."""
        found = await asyncio.to_thread(self.store.session, session_hash(session_id))
        if found is None:
            return None
        account_id, created, expires = found
        if expires <= self.clock.now():
            await asyncio.to_thread(self.store.delete_session, session_hash(session_id))
            return None
        account = await asyncio.to_thread(self.store.account, account_id)
        if account is None or not account.active:
            return None
        return StaffSession(id=session_id, account=account, created_at=created, expires_at=expires)

    async def close_session(self, session_id: str) -> None:
        """Sign out: the session id is useless from now on."""
        await asyncio.to_thread(self.store.delete_session, session_hash(session_id))


def check_password(password: str) -> None:
    """Raise WeakPasswordError unless ``password`` has a sane length."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise WeakPasswordError(
            f"A password needs between {MIN_LENGTH} and {MAX_LENGTH} characters."
        )


def build_staff_service(settings: Settings, *, clock: Clock | None = None) -> StaffService:
    """The staff service configured by ``settings`` (SQLite file, lockout, session length)."""
    from agent.staff.store import SqliteStaffStore

    return StaffService(
        SqliteStaffStore(settings.resolved_staff_db_path),
        clock=clock,
        lockout=LockoutPolicy(
            max_failures=settings.staff_lockout_failures,
            window=timedelta(minutes=settings.staff_lockout_minutes),
        ),
        session_lifetime=timedelta(hours=settings.staff_session_hours),
    )
