"""Writes of records beside the scheduling workflow: messages (Communication), waitlist
entries and patient updates, each inside the caller's open transaction like ``booking``.
"""

from __future__ import annotations

import json
from typing import Any

from fhir_adapters.embedded.booking import Bookings
from fhir_adapters.embedded.rows import load_json
from fhir_adapters.errors import InvalidRequestError, ResourceNotFoundError, VersionConflictError
from fhir_adapters.outreach_records import message_key_of
from fhir_adapters.queries import Actor
from fhir_adapters.record_keys import RECORD_KEY_SYSTEM

Json = dict[str, Any]


def create_communication(bookings: Bookings, payload: Json, actor: Actor) -> tuple[Json, bool]:
    """Store a Communication unless one with its message key exists; (stored, created)."""
    key = message_key_of(payload)
    if key is not None:
        row = bookings.writer.conn.execute(
            "SELECT json FROM communication WHERE message_key = ?", (key,)
        ).fetchone()
        if row is not None:
            return dict(json.loads(row[0])), False
    return bookings.create(payload, actor, "communication"), True


def create_task_once(bookings: Bookings, payload: Json, actor: Actor, key: str | None) -> Json:
    """Store a Task unless one with its record key exists (the outbox may send it twice)."""
    if key is not None:
        row = bookings.writer.conn.execute(
            "SELECT t.json FROM task t, json_each(t.json, '$.identifier') i "
            "WHERE json_extract(i.value, '$.system') = ? AND json_extract(i.value, '$.value') = ?",
            (RECORD_KEY_SYSTEM, key),
        ).fetchone()
        if row is not None:
            return dict(json.loads(row[0]))
    return bookings.create(payload, actor, "task")


def replace_versioned(bookings: Bookings, payload: Json, actor: Actor, purpose: str) -> Json:
    """Replace a stored resource whose ``meta.versionId`` is the current one (If-Match)."""
    rtype, rid = str(payload.get("resourceType")), str(payload.get("id") or "")
    current = load_json(bookings.writer.conn, rtype, rid)
    if current is None:
        raise ResourceNotFoundError(detail=f"{rtype}/{rid}")
    expected = (payload.get("meta") or {}).get("versionId")
    version = int((current.get("meta") or {}).get("versionId") or 0)
    if expected is None or str(expected) != str(version):
        raise VersionConflictError(detail=f"{rtype}/{rid} is at version {version}")
    if rtype == "Communication" and message_key_of(payload) != message_key_of(current):
        raise InvalidRequestError("A message keeps its message key.")
    bookings.writer.write(payload, version=version + 1)
    bookings.audit("U", actor, [f"{rtype}/{rid}"], purpose)
    return payload
