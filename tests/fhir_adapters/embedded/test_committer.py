"""Group commit: writes that share a commit still succeed or fail one by one."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from fhir_adapters.embedded.committer import GroupCommitter
from fhir_adapters.embedded.database import Database
from fhir_adapters.errors import BackendUnavailableError


def _insert(value: str, *, fail: bool = False):  # type: ignore[no-untyped-def]
    def job(conn: sqlite3.Connection) -> str:
        conn.execute("INSERT INTO store_meta (key, value) VALUES (?, 1)", (value,))
        if fail:
            raise ValueError(value)
        return value

    return job


def _keys(db: Database) -> set[str]:
    with db.read() as conn:
        return {k for (k,) in conn.execute("SELECT key FROM store_meta")} - {"directory_version"}


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(tmp_path / "store.sqlite")
    yield database
    database.close()


def test_a_failing_write_rolls_back_alone(db: Database) -> None:
    committer = GroupCommitter(db)
    gate = threading.Event()
    # Hold the writer on a first job so the next three are grouped into one commit.
    blocker = committer.submit(lambda conn: gate.wait(5))
    futures = [
        committer.submit(_insert("a")),
        committer.submit(_insert("b", fail=True)),
        committer.submit(_insert("c")),
    ]
    gate.set()

    assert blocker.result(5) is True
    assert futures[0].result(5) == "a" and futures[2].result(5) == "c"
    with pytest.raises(ValueError):
        futures[1].result(5)
    assert _keys(db) == {"a", "c"}
    committer.close()


def test_when_the_store_stays_locked_every_write_of_the_group_fails(tmp_path: Path) -> None:
    db = Database(tmp_path / "impatient.sqlite", busy_timeout_s=0.05)
    committer = GroupCommitter(db)
    blocker = sqlite3.connect(db.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # nobody else can write until this ends
    try:
        future = committer.submit(_insert("x"))
        with pytest.raises(BackendUnavailableError):
            future.result(5)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _keys(db) == set()
    committer.close()
    db.close()


def test_a_closed_committer_refuses_new_writes(db: Database) -> None:
    committer = GroupCommitter(db)
    assert committer.submit(_insert("first")).result(5) == "first"
    committer.close()

    with pytest.raises(BackendUnavailableError):
        committer.submit(_insert("late"))
    assert _keys(db) == {"first"}
