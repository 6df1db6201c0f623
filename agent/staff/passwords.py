"""Password hashing with argon2id, for staff accounts.

Parameters are OWASP's first recommended argon2id configuration (19 MiB of memory, 2
iterations, 1 lane): about a tenth of a second of one core, which a console sign-in can afford
on a small practice server, unlike pwdlib's default (64 MiB, 3 iterations, 4 lanes: close to a
second on two busy cores). Hashes are self-describing, so stronger parameters can come later
without invalidating stored ones. Callers on an event loop run these in a thread. ``pwdlib``
comes with the ``api`` extra: a helpful error says so when missing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_LENGTH = 10
MAX_LENGTH = 256


@lru_cache(maxsize=1)
def _hasher() -> Any:
    try:
        from pwdlib import PasswordHash
        from pwdlib.hashers.argon2 import Argon2Hasher
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("staff accounts need pwdlib: pip install 'frontdesk[api]'") from exc
    return PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),))


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted, self-describing)."""
    return str(_hasher().hash(password))


def verify_password(password: str, hashed: str | None) -> bool:
    """Whether ``password`` matches ``hashed``; with no hash, burn the same time and say no.

    Checking a dummy hash when the account does not exist keeps the time of a failed sign-in
    the same whether or not the email is known (no account enumeration by timing).
    """
    target = hashed or _dummy_hash()
    try:
        ok = bool(_hasher().verify(password, target))
    except Exception:  # a corrupt stored hash is a failed sign-in, not a crash
        return False
    return ok and hashed is not None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("frontdesk-no-such-account")
