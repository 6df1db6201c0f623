"""The embedded directory: one SQLite file in ``data_dir`` (WAL), shared by every channel.

Each row keeps the summary as JSON (sealed with the at-rest keyring when the server encrypts,
see ``agent.crypto``) plus the columns searches filter and sort on. Times are
stored as UTC ISO strings so they sort as text. One aiosqlite connection in autocommit mode:
statements from concurrent turns queue on its thread and each commits on its own.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import json
import re
import sqlite3
import statistics
from collections import Counter
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from agent.crypto import Keyring
from graphs.directory.models import ConversationSummary, DirectoryCounts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    search TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_activity ON conversations (last_activity_at);
CREATE INDEX IF NOT EXISTS conversations_status ON conversations (status, last_activity_at);
CREATE INDEX IF NOT EXISTS conversations_started ON conversations (started_at);
CREATE TABLE IF NOT EXISTS idempotency (
    conversation_id TEXT NOT NULL,
    key TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, key)
);
"""

_UPSERT = """
INSERT INTO conversations (id, started_at, last_activity_at, status, channel, search, outcomes, doc)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    last_activity_at = excluded.last_activity_at,
    status = excluded.status,
    channel = excluded.channel,
    search = excluded.search,
    outcomes = excluded.outcomes,
    doc = excluded.doc
"""


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _search_text(summary: ConversationSummary) -> str:
    fields = [
        summary.id,
        summary.patient_id,
        summary.caller_phone,
        summary.handoff_reason,
        summary.summary,
        summary.handled_by,
    ]
    return " ".join(f for f in fields if f).lower()


_NUMBER = re.compile(r"\+?\d[\d .\-]{5,}\d")


def _words(text: str) -> list[str]:
    """Index words: lowercase words, and phone numbers as their digits and last nine digits
    (so "06 12 34 56 78" finds "+33612345678")."""
    numbers = [re.sub(r"\D", "", n) for n in _NUMBER.findall(text)]
    words = re.findall(r"\w[\w'\-]*", text.lower())
    return [*words, *numbers, *(n[-9:] for n in numbers if len(n) > 9)]


def _query_words(text: str) -> list[str]:
    """What a search must all find: its words, a phone number as one (last nine digits)."""
    numbers = [re.sub(r"\D", "", n)[-9:] for n in _NUMBER.findall(text)]
    return [*re.findall(r"\w[\w'\-]*", _NUMBER.sub(" ", text).lower()), *numbers]


class _Sealer:
    """Seals documents and turns search words into keyed hashes (a blind index): the file
    shows neither names nor phone numbers, and a search still finds whole words."""

    def __init__(self, ring: Keyring, index_key: bytes) -> None:
        self.ring = ring
        self._key = index_key

    def token(self, word: str) -> str:
        return hmac.new(self._key, word.encode(), hashlib.sha256).hexdigest()[:20]

    def index(self, text: str) -> str:
        return " " + " ".join(sorted({self.token(w) for w in _words(text)})) + " "


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class SqliteDirectory:
    """``ConversationDirectory`` on a SQLite file (``":memory:"`` for tests).

    With a keyring, summaries and remembered answers are sealed (AES-GCM) and search goes
    through a blind index: whole words (a surname, a phone number) match, substrings do not.
    """

    def __init__(self, conn: aiosqlite.Connection, sealer: _Sealer | None = None) -> None:
        self._conn = conn
        self._sealer = sealer

    def _seal(self, text: str) -> str:
        return self._sealer.ring.seal_text(text) if self._sealer else text

    def _open(self, text: str) -> str:
        return self._sealer.ring.open_text(text) if self._sealer else text

    def _doc(self, row: Sequence[Any]) -> ConversationSummary:
        # (doc, started_at): the column holds the first start (the upsert never changes it),
        # so an upsert needs no read of it first.
        summary = ConversationSummary.model_validate_json(self._open(row[0]))
        started_at = datetime.fromisoformat(row[1])
        if summary.started_at != started_at:
            summary = summary.model_copy(update={"started_at": started_at})
        return summary

    @classmethod
    async def open(
        cls, path: Path | str, *, keyring: Keyring | None = None, index_key: bytes = b""
    ) -> SqliteDirectory:
        """Open (and create) the directory at ``path``; sealed when ``keyring`` is given
        (``index_key`` keys the search index)."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        await conn.execute("PRAGMA journal_mode=WAL")
        # Same trade-off as the checkpoints: survives any process crash, skips an fsync a turn.
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA busy_timeout=5000")
        await conn.executescript(_SCHEMA)
        return cls(conn, _Sealer(keyring, index_key) if keyring is not None else None)

    async def close(self) -> None:
        await self._conn.close()

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        # Several workers share the file (serve --workers N), and this connection's other
        # coroutines may hold a read snapshot another process has since moved past: SQLite then
        # answers "database is locked" at once (no busy wait helps). A retry starts afresh.
        try:  # the common case, without building a retry loop each turn
            await self._conn.execute(sql, params)
            return
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(_locked),
            stop=stop_after_attempt(8),
            wait=wait_random_exponential(multiplier=0.01, max=0.5),
            reraise=True,
        ):
            with attempt:
                await self._conn.execute(sql, params)

    async def upsert(self, summary: ConversationSummary) -> None:
        # The first start stands: the conflict clause leaves the column alone, reads take it.
        await self._write(
            _UPSERT,
            (
                summary.id,
                _utc(summary.started_at),
                _utc(summary.last_activity_at),
                summary.status,
                summary.channel,
                self._sealer.index(_search_text(summary))
                if self._sealer
                else _search_text(summary),
                json.dumps(summary.outcomes),
                self._seal(summary.model_dump_json()),
            ),
        )

    async def get(self, conversation_id: str) -> ConversationSummary | None:
        async with self._conn.execute(
            "SELECT doc, started_at FROM conversations WHERE id = ?", (conversation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return self._doc(row) if row else None

    async def list(
        self,
        *,
        status: str | Collection[str] | None = None,
        query: str | None = None,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> builtins.list[ConversationSummary]:
        where, params = self._where(since, until)
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params += statuses
        if query and self._sealer is not None:
            for word in _query_words(query):
                where.append("search LIKE ?")
                params.append(f"% {self._sealer.token(word)} %")
        elif query:
            where.append("search LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(query.lower().strip()) + "%")
        if outcome:
            where.append("outcomes LIKE ?")
            params.append(f'%"{_escape_like(outcome)}"%')
        sql = "SELECT doc, started_at FROM conversations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY last_activity_at DESC LIMIT ? OFFSET ?"
        params += [max(0, limit), max(0, offset)]
        async with self._conn.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return [self._doc(r) for r in rows]

    async def counts(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> DirectoryCounts:
        where, params = self._where(since, until)
        sql = "SELECT doc, started_at FROM conversations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        async with self._conn.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return _count([self._doc(r) for r in rows])

    async def recall(self, conversation_id: str, key: str) -> dict[str, Any] | None:
        async with self._conn.execute(
            "SELECT answer FROM idempotency WHERE conversation_id = ? AND key = ?",
            (conversation_id, key),
        ) as cursor:
            row = await cursor.fetchone()
        return json.loads(self._open(row[0])) if row else None

    async def remember(self, conversation_id: str, key: str, answer: dict[str, Any]) -> None:
        await self._write(
            "INSERT OR IGNORE INTO idempotency (conversation_id, key, answer, created_at) "
            "VALUES (?, ?, ?, ?)",
            (conversation_id, key, self._seal(json.dumps(answer)), _utc(datetime.now(UTC))),
        )

    async def prune(self, before: datetime) -> int:
        """Forget conversations idle since before ``before`` and their stored answers (the
        retention period); returns how many conversations were forgotten."""
        cursor = await self._conn.execute(
            "DELETE FROM conversations WHERE last_activity_at < ?", (_utc(before),)
        )
        await self._conn.execute(
            "DELETE FROM idempotency WHERE created_at < ? "
            "OR conversation_id NOT IN (SELECT id FROM conversations)",
            (_utc(before),),
        )
        return cursor.rowcount

    @staticmethod
    def _where(
        since: datetime | None, until: datetime | None
    ) -> tuple[builtins.list[str], builtins.list[Any]]:
        where: builtins.list[str] = []
        params: builtins.list[Any] = []
        if since is not None:
            where.append("started_at >= ?")
            params.append(_utc(since))
        if until is not None:
            where.append("started_at < ?")
            params.append(_utc(until))
        return where, params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _count(summaries: list[ConversationSummary]) -> DirectoryCounts:
    handled = [s for s in summaries if s.handoff_reason is None and s.handled_by is None]
    durations = [(s.last_activity_at - s.started_at).total_seconds() for s in summaries]
    return DirectoryCounts(
        total=len(summaries),
        automated=len(handled),
        by_day=dict(Counter(s.started_at.astimezone(UTC).date() for s in summaries)),
        by_status=dict(Counter(s.status for s in summaries)),
        by_outcome=dict(Counter(o for s in summaries for o in s.outcomes)),
        by_handoff_reason=dict(Counter(s.handoff_reason for s in summaries if s.handoff_reason)),
        by_channel=dict(Counter(s.channel for s in summaries)),
        by_urgency=dict(Counter(s.urgency for s in summaries if s.urgency)),
        brain_fallbacks_by_reason=dict(
            sum((Counter(s.brain_fallbacks) for s in summaries), Counter[str]())
        ),
        median_handling_s=statistics.median(durations) if durations else None,
    )


@asynccontextmanager
async def open_directory(
    path: Path | str, *, keyring: Keyring | None = None, index_key: bytes = b""
) -> AsyncIterator[SqliteDirectory]:
    """The SQLite directory at ``path`` as an async context manager."""
    directory = await SqliteDirectory.open(path, keyring=keyring, index_key=index_key)
    try:
        yield directory
    finally:
        await directory.close()
