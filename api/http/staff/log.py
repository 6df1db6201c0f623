"""The conversation log's search: by patient (name, id or phone), by date and by outcome.

The directory searches ids, patient ids, phones and summaries; a patient's *name* is looked
up in the EHR first (names live there, not in the directory) and matched by patient id.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from fhir_adapters.errors import SchedulingError
from fhir_adapters.queries import PatientQuery
from graphs.directory import ConversationSummary
from graphs.engine import Engine

OUTCOMES = ("booked", "cancelled", "rescheduled", "task", "handoff", "emergency")
_NAME = re.compile(r"^[^\W\d_][^\W\d_' -]*(?:[' -][^\W\d_]+)*$")


async def search_conversations(
    engine: Engine, *, q: str, outcome: str | None, day: date | None, limit: int = 200
) -> list[ConversationSummary]:
    """Conversations matching every filter given, most recent activity first."""
    directory = engine.live.directory
    if directory is None:
        return []
    since = until = None
    if day is not None:
        since = datetime.combine(day, time(0), engine.clinic.zone)
        until = since + timedelta(days=1)
    found: dict[str, ConversationSummary] = {}
    queries: list[str | None] = [q or None]
    if q and _NAME.match(q):
        queries += await _patient_ids(engine, q)
    for query in queries:
        for summary in await directory.list(
            query=query, outcome=outcome, since=since, until=until, limit=limit
        ):
            found[summary.id] = summary
    return sorted(found.values(), key=lambda s: s.last_activity_at, reverse=True)[:limit]


async def _patient_ids(engine: Engine, name: str) -> list[str]:
    """Ids of the patients whose family name (or "given family") is ``name``."""
    words = name.split()
    lookups = [PatientQuery(family=name)]
    if len(words) >= 2:
        lookups += [
            PatientQuery(given=words[0], family=" ".join(words[1:])),
            PatientQuery(given=words[-1], family=" ".join(words[:-1])),
        ]
    ids: list[str] = []
    for lookup in lookups:
        try:
            patients = await engine.backend.find_patients(lookup)
        except SchedulingError:
            continue
        ids += [str(p.id) for p in patients if str(p.id) not in ids]
    return ids
