"""Secret keys: stable across restarts, separate per purpose, shared when configured."""

from __future__ import annotations

import stat
from pathlib import Path

from agent.keys import secret_key
from agent.settings import Settings


def test_key_file_is_created_once_private_and_reused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = secret_key(settings, "session")
    assert secret_key(Settings(data_dir=tmp_path), "session") == first
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert secret_key(settings, "conversation-token") != first


def test_configured_key_is_shared_by_replicas(tmp_path: Path) -> None:
    a = Settings(data_dir=tmp_path / "a", secret_key="s3cret")
    b = Settings(data_dir=tmp_path / "b", secret_key="s3cret")
    assert secret_key(a, "session") == secret_key(b, "session")
    assert not (tmp_path / "a" / "secret.key").exists()
