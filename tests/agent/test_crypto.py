"""Sealing at rest: data sealed by earlier releases still opens, tampering is refused."""

from __future__ import annotations

import pytest

from agent.crypto import DecryptionError, Keyring

KEY = bytes(range(32))
SEALED_BEFORE = bytes.fromhex(
    "666431166902d6d0b3fc7a6465666768696a6b6c6d6e6fb972130c240dba1d4c9dc50291f52401027e"
    "bf0859ad23ee510c2bc4fa5453c87aef3639a65dc7"
)
"""``b"Jean Dupont, 1958-03-14"`` sealed under ``KEY`` by the PyCryptodome implementation
(magic, key id, nonce, tag, ciphertext): databases written by it must still open."""


def test_data_sealed_by_the_earlier_implementation_still_opens() -> None:
    assert Keyring(KEY).open(SEALED_BEFORE) == b"Jean Dupont, 1958-03-14"


def test_a_rotated_keyring_opens_old_data_and_seals_with_the_new_key() -> None:
    rotated = Keyring(bytes(32), previous=[KEY])
    assert rotated.open(SEALED_BEFORE) == b"Jean Dupont, 1958-03-14"
    fresh = rotated.seal(b"new")
    assert rotated.open(fresh) == b"new"
    with pytest.raises(DecryptionError, match="not configured"):
        Keyring(KEY).open(fresh)


def test_altered_data_or_a_wrong_key_is_refused_not_misread() -> None:
    altered = SEALED_BEFORE[:-1] + bytes([SEALED_BEFORE[-1] ^ 1])
    with pytest.raises(DecryptionError, match="altered"):
        Keyring(KEY).open(altered)
    with pytest.raises(DecryptionError):
        Keyring(bytes(32)).open(SEALED_BEFORE)
    with pytest.raises(DecryptionError, match="not sealed"):
        Keyring(KEY).open(b"plain text")
