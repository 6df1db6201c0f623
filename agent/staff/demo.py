"""The demo practice's staff login: one account created on first start, its password on disk.

A server started on the embedded demo store with no staff account at all creates
``demo@frontdesk.local`` (admin, so every page can be tried) with a random password, written
to ``data_dir/demo-staff.txt`` readable by its owner only; ``frontdesk serve`` prints it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from agent.staff.service import StaffService

DEMO_EMAIL = "demo@frontdesk.local"
DEMO_FILE = "demo-staff.txt"


async def ensure_demo_account(service: StaffService, data_dir: Path) -> str | None:
    """Create the demo account when there is no staff account yet.

    Returns:
        The new password, or None when accounts already existed (nothing was created).
    """
    if await service.accounts():
        return None
    password = secrets.token_urlsafe(12)
    await service.create_account(DEMO_EMAIL, "admin", password)
    path = data_dir / DEMO_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{DEMO_EMAIL} {password}\n")
    os.chmod(path, 0o600)  # an older file may have been created with other bits
    return password


def demo_login(data_dir: Path) -> tuple[str, str] | None:
    """The demo (email, password) written by ``ensure_demo_account``, if any."""
    try:
        email, password = (data_dir / DEMO_FILE).read_text().split()
    except (FileNotFoundError, ValueError):
        return None
    return email, password
