"""A staff service on a fresh SQLite file and the suite's fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.staff import LockoutPolicy, SqliteStaffStore, StaffService
from fhir_adapters.clock import FixedClock


@pytest.fixture
def staff(tmp_path: Path, clock: FixedClock) -> StaffService:
    """Accounts in ``tmp_path/staff.sqlite``; 5 failures in 15 minutes lock an email."""
    return StaffService(
        SqliteStaffStore(tmp_path / "staff.sqlite"), clock=clock, lockout=LockoutPolicy()
    )
