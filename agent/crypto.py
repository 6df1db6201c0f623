"""Encryption of patient data at rest: checkpoints, transcripts, staff notes.

AES-256-GCM with a keyring: new data is sealed with the current key, and data sealed with a
previous key still opens, so a key can be rotated without rewriting the database first
(``FRONTDESK_SECRET_KEY`` = the new key, ``FRONTDESK_PREVIOUS_SECRET_KEYS`` = the old ones;
pruning rewrites nothing, but every turn re-seals a conversation's latest checkpoint).

Sealed bytes: ``b"fd1" | key id (8) | nonce (12) | tag (16) | ciphertext``. The key id is a
hash of the key, never the key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from agent.keys import derived_keys
from agent.settings import Settings

_MAGIC = b"fd1"
_KEY_ID = 8
_NONCE = 12
_TAG = 16


class DecryptionError(ValueError):
    """Sealed data that no key of the keyring opens (wrong key, or tampered data)."""


class Keyring:
    """The current key (to seal) and every key still accepted (to open).

    Args:
        current: 32-byte key used for new data.
        previous: older 32-byte keys that still open data sealed with them.
    """

    def __init__(self, current: bytes, previous: list[bytes] | None = None) -> None:
        self._current_id = _key_id(current)
        # One cipher object per key, made once: a turn seals and opens several times, and
        # setting a key up per call cost more than the encryption itself.
        self._keys = {_key_id(k): AESGCM(k) for k in [*(previous or []), current]}
        self._current = self._keys[self._current_id]

    def seal(self, plaintext: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext`` with the current key."""
        nonce = secrets.token_bytes(_NONCE)
        sealed = self._current.encrypt(nonce, plaintext, None)  # ciphertext, then the tag
        body, tag = sealed[:-_TAG], sealed[-_TAG:]
        return _MAGIC + self._current_id + nonce + tag + body

    def open(self, sealed: bytes) -> bytes:
        """Decrypt what ``seal`` produced with any key of the keyring.

        Raises:
            DecryptionError: not sealed by us, no key for it, or altered.
        """
        if not sealed.startswith(_MAGIC):
            raise DecryptionError("not sealed data")
        at = len(_MAGIC)
        key = self._keys.get(sealed[at : at + _KEY_ID])
        if key is None:
            raise DecryptionError("sealed with a key that is not configured")
        at += _KEY_ID
        nonce, tag = sealed[at : at + _NONCE], sealed[at + _NONCE : at + _NONCE + _TAG]
        try:
            return key.decrypt(nonce, sealed[at + _NONCE + _TAG :] + tag, None)
        except InvalidTag as exc:
            raise DecryptionError("sealed data was altered") from exc

    def seal_text(self, text: str) -> str:
        """``seal`` for text columns: URL-safe base64 of the sealed bytes."""
        return base64.urlsafe_b64encode(self.seal(text.encode())).decode("ascii")

    def open_text(self, sealed: str) -> str:
        """The text ``seal_text`` sealed."""
        try:
            raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
        except ValueError as exc:
            raise DecryptionError("not sealed text") from exc
        return self.open(raw).decode()


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"frontdesk key id" + key).digest()[:_KEY_ID]


def keyring(settings: Settings, purpose: str = "at-rest") -> Keyring:
    """The keyring for ``purpose`` from the configured secret key and its predecessors."""
    current, *previous = derived_keys(settings, purpose)
    return Keyring(current, previous)
