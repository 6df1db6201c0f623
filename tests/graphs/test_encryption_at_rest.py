"""Patient data at rest: the checkpoint database shows nothing readable without the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.clinic import ClinicConfig
from agent.crypto import DecryptionError, Keyring
from agent.settings import Settings
from agent.understanding import Brain
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.checkpoint import open_checkpointer
from graphs.engine import Engine
from tests.conftest import PRACTICE_TZ
from tests.graphs.talk import Call

IDENTITY = ("Michael", "Brown", "25 August 1972")


def _raw_bytes(folder: Path) -> bytes:
    """Every byte of the checkpoint database, its WAL and shared memory included."""
    return b"".join(p.read_bytes() for p in folder.glob("checkpoints.sqlite*"))


async def _talk(settings: Settings, store: Path, clinic: ClinicConfig, brain: Brain, clock):
    async with open_checkpointer(settings) as saver:
        backend = EmbeddedBackend(store, tz=PRACTICE_TZ, clock=clock)
        call = Call(
            Engine(backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver),
            "c-secret",
        )
        await call.start(language="en")
        await call.say(
            "I'd like an appointment with Dr Dubois",
            f"{IDENTITY[0]} {IDENTITY[1]}, born {IDENTITY[2]}",
            "the first one",
            "yes",
        )
        state = await call.engine.state("c-secret")
        await backend.close()
        return state


async def test_no_name_or_birth_date_in_the_raw_checkpoint_files(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    state = await _talk(settings, store_file, clinic, brain, clock)
    assert any("Brown" in text for _, text in state["transcript"])  # readable with the key
    raw = _raw_bytes(tmp_path)
    assert raw
    for secret in (b"Brown", b"Michael", b"1972", b"25 August"):
        assert secret not in raw


async def test_without_encryption_the_same_call_is_readable(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    # The control that proves the grep above can see a name when one is there.
    settings = Settings(data_dir=tmp_path, encrypt_at_rest=False)
    await _talk(settings, store_file, clinic, brain, clock)
    assert b"Brown" in _raw_bytes(tmp_path)


async def test_rotated_key_still_opens_old_checkpoints(
    store_file: Path, clinic: ClinicConfig, brain: Brain, clock: FixedClock, tmp_path: Path
) -> None:
    old = Settings(data_dir=tmp_path, secret_key="old-key")
    await _talk(old, store_file, clinic, brain, clock)
    rotated = Settings(data_dir=tmp_path, secret_key="new-key", previous_secret_keys=["old-key"])
    async with open_checkpointer(rotated) as saver:
        backend = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
        engine = Engine(
            backend=backend, clinic=clinic, brain=brain, clock=clock, checkpointer=saver
        )
        assert (await engine.state("c-secret"))["transcript"]
        await backend.close()
    wrong = Settings(data_dir=tmp_path, secret_key="someone-else")
    async with open_checkpointer(wrong) as saver:
        with pytest.raises(DecryptionError):
            await saver.aget_tuple({"configurable": {"thread_id": "c-secret"}})


def test_keyring_detects_tampering() -> None:
    ring = Keyring(b"k" * 32)
    sealed = bytearray(ring.seal(b"Jean Dupont"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        ring.open(bytes(sealed))
    assert Keyring(b"n" * 32, [b"k" * 32]).open(ring.seal(b"x")) == b"x"
