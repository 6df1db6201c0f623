"""Where staff accounts, sessions and failed sign-ins are kept: a small SQLite database.

The tables use portable SQL (text ids, integer epoch seconds, no SQLite-only types) so a
Postgres implementation of ``StaffStore`` can follow with the same schema. Session ids and
passwords are never stored in clear: only the argon2 hash of a password and the SHA-256 of a
session id, so a copy of the file opens no console.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from agent.staff.models import AccountExistsError, AccountNotFoundError, Role, StaffAccount

SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_account (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_session (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES staff_account(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_session_account ON staff_session(account_id);
CREATE TABLE IF NOT EXISTS staff_login_failure (
    email TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_login_failure_email ON staff_login_failure(email, at);
"""


def session_hash(session_id: str) -> str:
    """What the store keeps of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def _ts(at: datetime) -> int:
    return int(at.timestamp())


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class StaffStore(Protocol):
    """Persistence of accounts, sessions and failed sign-ins (SQLite today, Postgres next)."""

    def add_account(self, account: StaffAccount, password_hash: str | None) -> None: ...
    def account_by_email(self, email: str) -> tuple[StaffAccount, str | None] | None: ...
    def account(self, account_id: str) -> StaffAccount | None: ...
    def accounts(self) -> list[StaffAccount]: ...
    def update_account(
        self, account_id: str, *, role: Role | None, active: bool | None
    ) -> None: ...
    def set_password_hash(self, account_id: str, password_hash: str) -> None: ...
    def add_session(
        self, id_hash: str, account_id: str, created: datetime, expires: datetime
    ) -> None: ...
    def session(self, id_hash: str) -> tuple[str, datetime, datetime] | None: ...
    def delete_session(self, id_hash: str) -> None: ...
    def delete_sessions_of(self, account_id: str) -> None: ...
    def add_failure(self, email: str, at: datetime) -> None: ...
    def failures_since(self, email: str, since: datetime) -> list[datetime]: ...
    def clear_failures(self, email: str) -> None: ...


class SqliteStaffStore:
    """``StaffStore`` on one SQLite file; a connection per call, safe across threads and processes.

    Args:
        path: the database file (created with its directory when missing).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._conn() as conn:
            conn.executescript(SCHEMA)

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    # ---- accounts ----------------------------------------------------------------------

    def add_account(self, account: StaffAccount, password_hash: str | None) -> None:
        """Store a new account. Raises AccountExistsError for a taken email."""
        try:
            with self._conn() as conn:
                conn.execute(
                    "INSERT INTO staff_account (id, email, role, password_hash, active, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        account.id,
                        account.email,
                        account.role,
                        password_hash,
                        int(account.active),
                        _ts(account.created_at),
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise AccountExistsError(f"An account for {account.email} already exists.") from exc

    def account_by_email(self, email: str) -> tuple[StaffAccount, str | None] | None:
        """The account with this (normalised) email and its password hash."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT id, email, role, active, created_at, password_hash FROM staff_account "
                "WHERE email = ?",
                (email,),
            ).fetchone()
        return (_account(row), row[5]) if row else None

    def account(self, account_id: str) -> StaffAccount | None:
        """The account with this id."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT id, email, role, active, created_at FROM staff_account WHERE id = ?",
                (account_id,),
            ).fetchone()
        return _account(row) if row else None

    def accounts(self) -> list[StaffAccount]:
        """Every account, by email."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT id, email, role, active, created_at FROM staff_account ORDER BY email"
            ).fetchall()
        return [_account(r) for r in rows]

    def update_account(self, account_id: str, *, role: Role | None, active: bool | None) -> None:
        """Change an account's role and/or whether it may sign in."""
        with self._conn() as conn:
            cur = conn.execute(
                "UPDATE staff_account SET role = COALESCE(?, role), "
                "active = COALESCE(?, active) WHERE id = ?",
                (role, None if active is None else int(active), account_id),
            )
        if cur.rowcount == 0:
            raise AccountNotFoundError("No such staff account.")

    def set_password_hash(self, account_id: str, password_hash: str) -> None:
        """Replace an account's password hash."""
        with self._conn() as conn:
            conn.execute(
                "UPDATE staff_account SET password_hash = ? WHERE id = ?",
                (password_hash, account_id),
            )

    # ---- sessions ----------------------------------------------------------------------

    def add_session(
        self, id_hash: str, account_id: str, created: datetime, expires: datetime
    ) -> None:
        """Store a new session."""
        with self._conn() as conn:
            conn.execute(
                "INSERT INTO staff_session (id_hash, account_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (id_hash, account_id, _ts(created), _ts(expires)),
            )

    def session(self, id_hash: str) -> tuple[str, datetime, datetime] | None:
        """(account id, created, expires) of a session."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT account_id, created_at, expires_at FROM staff_session WHERE id_hash = ?",
                (id_hash,),
            ).fetchone()
        return (row[0], _dt(row[1]), _dt(row[2])) if row else None

    def delete_session(self, id_hash: str) -> None:
        """Forget one session (sign-out, rotation)."""
        with self._conn() as conn:
            conn.execute("DELETE FROM staff_session WHERE id_hash = ?", (id_hash,))

    def delete_sessions_of(self, account_id: str) -> None:
        """Sign an account out everywhere (disabled, role changed)."""
        with self._conn() as conn:
            conn.execute("DELETE FROM staff_session WHERE account_id = ?", (account_id,))

    # ---- failed sign-ins ---------------------------------------------------------------

    def add_failure(self, email: str, at: datetime) -> None:
        """Remember a failed sign-in for ``email``."""
        with self._conn() as conn:
            conn.execute(
                "INSERT INTO staff_login_failure (email, at) VALUES (?, ?)", (email, _ts(at))
            )

    def failures_since(self, email: str, since: datetime) -> list[datetime]:
        """Failed sign-ins for ``email`` after ``since``, oldest first."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT at FROM staff_login_failure WHERE email = ? AND at > ? ORDER BY at",
                (email, _ts(since)),
            ).fetchall()
        return [_dt(r[0]) for r in rows]

    def clear_failures(self, email: str) -> None:
        """Forget failed sign-ins after a successful one."""
        with self._conn() as conn:
            conn.execute("DELETE FROM staff_login_failure WHERE email = ?", (email,))


def _account(row: tuple[str, str, str, int, int]) -> StaffAccount:
    return StaffAccount(
        id=row[0],
        email=row[1],
        role=row[2],  # type: ignore[arg-type]  # only ROLES are ever written
        active=bool(row[3]),
        created_at=_dt(row[4]),
    )
