"""Reading and writing resource rows: one table per searched type, a generic one for the rest.

Writes stamp ``meta.versionId``/``lastUpdated``, compute the search columns and upsert in
bulk (``executemany``), so seeding a million slots is one statement per table.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.embedded.columns import (
    Json,
    appointment_row,
    communication_row,
    patient_keys,
    patient_row,
    set_meta,
    slot_row,
    task_code,
)
from fhir_adapters.embedded.directory import DIRECTORY_TYPES, Directory
from fhir_adapters.errors import InvalidRequestError

# Searched types get their own table; everything else lives in ``resource``.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "Slot": (
        "status",
        "start_ts",
        "end_ts",
        "schedule_id",
        "practitioner_id",
        "location_id",
        "service_type",
        "specialty",
        "local_sec",
        "weekday",
        "hold_token",
        "free_after",
    ),
    "Appointment": ("status", "patient_id", "slot_id", "start_ts", "idempotency_key"),
    "Patient": ("family", "given", "birth_date"),
    "Task": ("code",),
    "Communication": ("status", "patient_id", "about", "category", "message_key"),
    "AuditEvent": (),
}
TABLES = {
    "Slot": "slot",
    "Appointment": "appointment",
    "Patient": "patient",
    "Task": "task",
    "Communication": "communication",
    "AuditEvent": "audit_event",
}
_CHUNK = 500


def dumps(payload: Json) -> str:
    """Compact JSON text of a resource."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


@functools.cache
def _upsert_sql(rtype: str) -> str:
    if rtype not in TABLES:
        return (
            "INSERT INTO resource (type, id, version, json) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (type, id) DO UPDATE SET version = excluded.version, json = excluded.json"
        )
    columns = ("id", "version", "json", *_COLUMNS[rtype])
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    return (
        f"INSERT INTO {TABLES[rtype]} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO UPDATE SET {updates}"
    )


def load_json(conn: sqlite3.Connection, rtype: str, rid: str) -> Json | None:
    """The stored JSON of one resource, or None."""
    if rtype in TABLES:
        row = conn.execute(f"SELECT json FROM {TABLES[rtype]} WHERE id = ?", (rid,)).fetchone()
    else:
        row = conn.execute(
            "SELECT json FROM resource WHERE type = ? AND id = ?", (rtype, rid)
        ).fetchone()
    return json.loads(row[0]) if row else None


def _versions(conn: sqlite3.Connection, rtype: str, ids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        if rtype in TABLES:
            sql = f"SELECT id, version FROM {TABLES[rtype]} WHERE id IN ({marks})"
            rows = conn.execute(sql, chunk)
        else:
            sql = f"SELECT id, version FROM resource WHERE type = ? AND id IN ({marks})"
            rows = conn.execute(sql, [rtype, *chunk])
        found.update(rows)
    return found


@dataclass
class Writer:
    """Writes resources inside an open transaction of ``conn``."""

    conn: sqlite3.Connection
    now: datetime
    tz: ZoneInfo
    region: str
    directory: Directory

    def write(self, payload: Json, *, version: int | None = None) -> Json:
        """Insert or replace one resource (JSON dict with ``id``); returns it stamped.

        ``version`` is the new version when the caller knows it (1 for a resource it just
        created under a fresh id), which saves looking the current one up.
        """
        self.write_many([payload], version=version)
        return payload

    def write_many(self, payloads: Iterable[Json], *, version: int | None = None) -> list[str]:
        """Insert or replace resources in bulk; returns their "Type/id" references.

        Directory resources are applied to ``self.directory`` first, so Slots written in the
        same call find the Schedules they belong to.
        """
        groups: dict[str, list[Json]] = {}
        for payload in payloads:
            rtype = str(payload.get("resourceType"))
            if not payload.get("id"):
                raise InvalidRequestError(f"a {rtype} needs an id to be stored")
            groups.setdefault(rtype, []).append(payload)
        references: list[str] = []
        versions: dict[str, int] = {}
        copied = False
        for rtype in sorted(groups, key=lambda t: t not in DIRECTORY_TYPES):
            items = groups[rtype]
            if version is None:
                versions = _versions(self.conn, rtype, [str(p["id"]) for p in items])
            if rtype in DIRECTORY_TYPES and not copied:
                # Directory models are shared with readers: change a private copy.
                self.directory, copied = self.directory.copy(), True
            rows = []
            for payload in items:
                rid = str(payload["id"])
                new_version = version if version is not None else versions.get(rid, 0) + 1
                set_meta(payload, new_version, self.now)
                rows.append(self._row(rtype, payload))
                references.append(f"{rtype}/{rid}")
                if rtype in DIRECTORY_TYPES:
                    self.directory.add(DIRECTORY_TYPES[rtype].model_validate(payload))
            self.conn.executemany(_upsert_sql(rtype), rows)
            if rtype == "Patient":
                self._write_patient_keys(items)
        if any(t in DIRECTORY_TYPES for t in groups):
            self.conn.execute(
                "UPDATE store_meta SET value = value + 1 WHERE key = 'directory_version'"
            )
        return references

    def _row(self, rtype: str, payload: Json) -> tuple[Any, ...]:
        head = (str(payload["id"]), int(payload["meta"]["versionId"]), dumps(payload))
        if rtype not in TABLES:
            return (rtype, *head)
        if rtype == "Slot":
            schedule = str((payload.get("schedule") or {}).get("reference") or "")
            place = self.directory.slot_place(schedule.rsplit("/", 1)[-1] or None)
            return (*head, *slot_row(payload, place, self.tz))
        if rtype == "Appointment":
            return (*head, *appointment_row(payload))
        if rtype == "Patient":
            return (*head, *patient_row(payload))
        if rtype == "Task":
            return (*head, task_code(payload))
        if rtype == "Communication":
            return (*head, *communication_row(payload))
        return head

    def _write_patient_keys(self, patients: Sequence[Json]) -> None:
        ids = [(str(p["id"]),) for p in patients]
        self.conn.executemany("DELETE FROM patient_key WHERE patient_id = ?", ids)
        self.conn.executemany(
            "INSERT OR IGNORE INTO patient_key (kind, value, patient_id) VALUES (?, ?, ?)",
            [
                (kind, value, str(p["id"]))
                for p in patients
                for kind, value in patient_keys(p, self.region)
            ],
        )
