"""Secret keys the service needs (cookie signing, conversation tokens, encryption at rest).

A key comes from Settings (``FRONTDESK_SECRET_KEY``) when set, which is how several replicas
share one; otherwise it is created once under ``data_dir`` (mode 0600) so that a single server
keeps its sessions and tokens valid across restarts without any set-up.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from agent.settings import Settings


def secret_key(settings: Settings, purpose: str) -> bytes:
    """A 32-byte key for ``purpose`` (e.g. ``"session"``, ``"conversation-token"``).

    Keys for different purposes are derived separately so one leaking does not expose another.
    """
    if settings.secret_key is not None:
        root = settings.secret_key.get_secret_value().encode()
    else:
        root = _key_file(settings.data_dir / "secret.key")
    return _derive(root, purpose)


def derived_keys(settings: Settings, purpose: str) -> list[bytes]:
    """The current key for ``purpose`` first, then those derived from previous secret keys
    (``FRONTDESK_PREVIOUS_SECRET_KEYS``), which still open what they sealed."""
    previous = [
        _derive(k.get_secret_value().encode(), purpose) for k in settings.previous_secret_keys
    ]
    return [secret_key(settings, purpose), *previous]


def _derive(root: bytes, purpose: str) -> bytes:
    return hashlib.blake2b(purpose.encode(), key=hashlib.sha256(root).digest()).digest()[:32]


def _key_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    # Written aside, then linked in place: several workers starting together on a new
    # data_dir never read a half-written key, and all end up with the first one linked.
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    try:
        os.link(aside, path)
    except FileExistsError:  # another process created it first: use theirs
        key = path.read_bytes()
    finally:
        aside.unlink()
    return key
