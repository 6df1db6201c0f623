"""A sealed directory: nothing readable in the file, whole-word search still works."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from agent.crypto import Keyring
from graphs.directory import SqliteDirectory
from tests.graphs.directory.test_sqlite import T0, summary


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("d.sqlite*"))


async def test_sealed_directory_hides_names_and_phones_but_finds_them(tmp_path: Path) -> None:
    ring = Keyring(b"k" * 32)
    directory = await SqliteDirectory.open(tmp_path / "d.sqlite", keyring=ring, index_key=b"i")
    await directory.upsert(
        summary("a", 0, caller_phone="+33612345678", summary="Jean Dupont wants a renewal")
    )
    await directory.upsert(summary("b", 10, summary="Marie Curie, billing question"))
    await directory.upsert(summary("b", 40, summary="Marie Curie, billing question, resolved"))
    b = await directory.get("b")
    assert b is not None and b.started_at == T0 + timedelta(minutes=10)  # the first start stands
    await directory.remember("a", "key-1", {"reply": "Merci Jean Dupont"})
    assert [s.id for s in await directory.list(query="dupont")] == ["a"]
    assert [s.id for s in await directory.list(query="DUPONT jean")] == ["a"]
    assert [s.id for s in await directory.list(query="06 12 34 56 78")] == ["a"]
    assert [s.id for s in await directory.list(query="curie")] == ["b"]
    assert await directory.list(query="dupon") == []  # whole words only, by design
    assert (await directory.recall("a", "key-1")) == {"reply": "Merci Jean Dupont"}
    found = await directory.get("a")
    assert found is not None and found.summary == "Jean Dupont wants a renewal"
    await directory.close()
    raw = _raw(tmp_path)
    for secret in (b"Dupont", b"dupont", b"Jean", b"612345678", b"Curie"):
        assert secret not in raw


async def test_another_key_cannot_read_the_directory(tmp_path: Path) -> None:
    directory = await SqliteDirectory.open(
        tmp_path / "d.sqlite", keyring=Keyring(b"k" * 32), index_key=b"i"
    )
    await directory.upsert(summary("a", 0, summary="Jean Dupont"))
    await directory.close()
    other = await SqliteDirectory.open(
        tmp_path / "d.sqlite", keyring=Keyring(b"x" * 32), index_key=b"j"
    )
    try:
        await other.get("a")
    except ValueError:
        pass
    else:
        raise AssertionError("a foreign key opened the directory")
    finally:
        await other.close()
