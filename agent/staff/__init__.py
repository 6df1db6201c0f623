"""Staff of the practice: accounts, roles, sign-in with lockout, sessions and the audit trail.

Accounts live in a small database of their own (``data_dir/staff.sqlite`` by default), apart
from the EHR, which knows nothing of console logins; what staff do and read is written to the
EHR's audit trail (FHIR AuditEvent) through the scheduling backend.
"""

from agent.staff.audit import audit, staff_actor
from agent.staff.demo import DEMO_EMAIL, demo_login, ensure_demo_account
from agent.staff.models import (
    ROLES,
    AccountExistsError,
    AccountLockedError,
    AccountNotFoundError,
    InvalidCredentialsError,
    InvalidEmailError,
    Role,
    StaffAccount,
    StaffError,
    StaffSession,
    WeakPasswordError,
)
from agent.staff.service import (
    LockoutPolicy,
    StaffService,
    build_staff_service,
    normalize_email,
)
from agent.staff.store import SqliteStaffStore, StaffStore

__all__ = [
    "DEMO_EMAIL",
    "ROLES",
    "AccountExistsError",
    "AccountLockedError",
    "AccountNotFoundError",
    "InvalidCredentialsError",
    "InvalidEmailError",
    "LockoutPolicy",
    "Role",
    "SqliteStaffStore",
    "StaffAccount",
    "StaffError",
    "StaffService",
    "StaffSession",
    "StaffStore",
    "WeakPasswordError",
    "audit",
    "build_staff_service",
    "demo_login",
    "ensure_demo_account",
    "normalize_email",
    "staff_actor",
]
