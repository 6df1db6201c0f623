"""Staff accounts, roles and sessions as the console sees them, and the errors of signing in."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["receptionist", "admin"]
ROLES: tuple[Role, ...] = ("receptionist", "admin")

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,255}$"


class StaffAccount(BaseModel):
    """A person who works the console. Passwords never leave the store (only their hash)."""

    id: str
    email: str = Field(..., pattern=EMAIL_PATTERN)
    role: Role
    active: bool = True
    created_at: datetime

    @property
    def is_admin(self) -> bool:
        """Admins also manage staff accounts, clinic settings and exports."""
        return self.role == "admin"


class StaffSession(BaseModel):
    """A signed-in browser: the account and when the session lapses."""

    id: str = Field(..., description="the secret session id (only its hash is stored)")
    account: StaffAccount
    created_at: datetime
    expires_at: datetime


class StaffError(Exception):
    """Base of the staff-account errors; the message is safe to show to staff."""


class AccountExistsError(StaffError):
    """An account with that email already exists."""


class AccountNotFoundError(StaffError):
    """No such account."""


class InvalidCredentialsError(StaffError):
    """Wrong email or password (never says which)."""


class AccountLockedError(StaffError):
    """Too many failed sign-ins: the account is locked until ``until``."""

    def __init__(self, until: datetime) -> None:
        super().__init__("Too many failed sign-ins; try again later.")
        self.until = until


class InvalidEmailError(StaffError):
    """The login is not an email address."""


class WeakPasswordError(StaffError):
    """The password is too short or too long."""
