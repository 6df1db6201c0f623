"""The SQLite conversation directory: upsert keeps the start, searches filter and order,
counts feed analytics, idempotency answers are kept once, and the file survives a reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from graphs.directory import ConversationSummary, SqliteDirectory

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def summary(cid: str, minutes: int, **fields: object) -> ConversationSummary:
    return ConversationSummary.model_validate(
        {
            "id": cid,
            "started_at": T0 + timedelta(minutes=minutes),
            "last_activity_at": T0 + timedelta(minutes=minutes + 5),
            **fields,
        }
    )


async def test_upsert_keeps_the_first_start_and_searches_filter(tmp_path: Path) -> None:
    directory = await SqliteDirectory.open(tmp_path / "d.sqlite")
    await directory.upsert(summary("a", 0, outcomes=["booked"], patient_id="pat-1"))
    await directory.upsert(summary("b", 10, status="handed_off", handoff_reason="emergency"))
    await directory.upsert(summary("c", 20, channel="voice", caller_phone="+33612345678"))
    later = summary("a", 30, outcomes=["booked", "cancelled"], patient_id="pat-1")
    await directory.upsert(later)
    a = await directory.get("a")
    assert a is not None and a.started_at == T0 and a.outcomes == ["booked", "cancelled"]
    assert [s.id for s in await directory.list()] == ["a", "c", "b"]
    assert [s.id for s in await directory.list(status="handed_off")] == ["b"]
    assert [s.id for s in await directory.list(status=["handed_off", "active"], limit=2)] == [
        "a",
        "c",
    ]
    assert [s.id for s in await directory.list(query="PAT-1")] == ["a"]
    assert [s.id for s in await directory.list(query="3361234")] == ["c"]
    assert [s.id for s in await directory.list(query="100%_")] == []
    assert [s.id for s in await directory.list(outcome="cancelled")] == ["a"]
    window = await directory.list(since=T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=15))
    assert [s.id for s in window] == ["b"]
    await directory.close()
    reopened = await SqliteDirectory.open(tmp_path / "d.sqlite")
    assert await reopened.get("c") is not None
    assert await reopened.get("nobody") is None
    await reopened.close()


async def test_counts_for_analytics() -> None:
    directory = await SqliteDirectory.open(":memory:")
    await directory.upsert(summary("a", 0, outcomes=["booked"]))
    await directory.upsert(
        summary(
            "b",
            10,
            outcomes=["handoff", "emergency"],
            urgency="stat",
            handoff_reason="emergency",
            status="resolved",
        )
    )
    await directory.upsert(summary("c", 60 * 24, outcomes=["cancelled"], channel="voice"))
    counts = await directory.counts()
    assert counts.total == 3 and counts.automated == 2
    assert counts.by_outcome == {"booked": 1, "handoff": 1, "emergency": 1, "cancelled": 1}
    assert counts.by_handoff_reason == {"emergency": 1}
    assert counts.by_channel == {"text": 2, "voice": 1}
    assert counts.by_day == {T0.date(): 2, (T0 + timedelta(days=1)).date(): 1}
    assert counts.median_handling_s == 300
    assert (await directory.counts(since=T0 + timedelta(hours=1))).total == 1
    await directory.close()


async def test_idempotent_answers_are_kept_once_per_conversation() -> None:
    directory = await SqliteDirectory.open(":memory:")
    assert await directory.recall("a", "k1") is None
    await directory.remember("a", "k1", {"n": 1})
    await directory.remember("a", "k1", {"n": 2})
    assert await directory.recall("a", "k1") == {"n": 1}
    assert await directory.recall("b", "k1") is None
    await directory.close()
