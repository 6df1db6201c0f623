"""Tables and indexes of the embedded store.

Every resource is kept as its FHIR JSON (with ``meta.versionId``/``lastUpdated``); the
columns beside it exist only to search. Slot search columns are computed at write time in
the practice's time zone (local second-of-day, ISO weekday) so "afternoons", "not before
10" and "Tuesdays" filter inside an index instead of parsing JSON.

``free_after`` folds a slot's availability into one number: 0 for a free slot, the hold's
expiry (epoch seconds) for a held one, NULL for anything else. "Bookable now" is then
``free_after <= now``, and the partial indexes below hold only slots that can ever be
offered, so booked slots cost nothing at search time.
"""

from __future__ import annotations

# The slot indexes are covering: every filter of a slot search reads index entries only,
# and the JSON row is fetched just for the few slots returned.
_SLOT_FILTER_COLUMNS = (
    "local_sec",
    "weekday",
    "free_after",
    "service_type",
    "location_id",
    "specialty",
    "practitioner_id",
)

SLOT_INDEX_BY_START = "slot_open_by_start"
SLOT_INDEX_BY_PRACTITIONER = "slot_open_by_practitioner"
SLOT_INDEX_BY_SPECIALTY = "slot_open_by_specialty"

SLOT_SEARCH_INDEXES = {
    name: f"CREATE INDEX IF NOT EXISTS {name} ON slot "
    f"({', '.join([*lead, 'start_ts', *(c for c in _SLOT_FILTER_COLUMNS if c not in lead)])}) "
    "WHERE free_after IS NOT NULL"
    for name, lead in (
        (SLOT_INDEX_BY_START, ()),
        (SLOT_INDEX_BY_PRACTITIONER, ("practitioner_id",)),
        (SLOT_INDEX_BY_SPECIALTY, ("specialty",)),
    )
}
"""The slot search indexes by name; a bulk load may drop them and build them once after."""
_SLOT_INDEX_DDL = ";\n".join(SLOT_SEARCH_INDEXES.values())

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS resource (
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (type, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS slot (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    status TEXT NOT NULL,
    start_ts INTEGER NOT NULL,
    end_ts INTEGER NOT NULL,
    schedule_id TEXT,
    practitioner_id TEXT,
    location_id TEXT,
    service_type TEXT NOT NULL DEFAULT '',
    specialty TEXT,
    local_sec INTEGER NOT NULL,
    weekday INTEGER NOT NULL,
    hold_token TEXT,
    free_after INTEGER
);
{_SLOT_INDEX_DDL};

CREATE TABLE IF NOT EXISTS appointment (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    status TEXT NOT NULL,
    patient_id TEXT,
    slot_id TEXT,
    start_ts INTEGER,
    idempotency_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS appointment_by_patient ON appointment (patient_id, start_ts);
CREATE INDEX IF NOT EXISTS appointment_by_slot ON appointment (slot_id, status);
CREATE INDEX IF NOT EXISTS appointment_by_start ON appointment (start_ts);

CREATE TABLE IF NOT EXISTS patient (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    family TEXT,
    given TEXT,
    birth_date TEXT
);
CREATE INDEX IF NOT EXISTS patient_by_family ON patient (family, birth_date);
CREATE INDEX IF NOT EXISTS patient_by_birth_date ON patient (birth_date);

-- Identifier values and E.164 phones, several per patient.
CREATE TABLE IF NOT EXISTS patient_key (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    PRIMARY KEY (kind, value, patient_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS patient_key_by_patient ON patient_key (patient_id);

CREATE TABLE IF NOT EXISTS task (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    code TEXT
);
CREATE INDEX IF NOT EXISTS task_by_code ON task (code, seq);

-- Messages to and from patients (FHIR Communication), one per message key.
CREATE TABLE IF NOT EXISTS communication (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    status TEXT NOT NULL,
    patient_id TEXT,
    about TEXT,
    category TEXT,
    message_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS communication_by_patient ON communication (patient_id, seq);
CREATE INDEX IF NOT EXISTS communication_by_about ON communication (about, seq);

CREATE TABLE IF NOT EXISTS audit_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    json TEXT NOT NULL
);

-- Bumped whenever practitioners, roles, locations, services or schedules change, so each
-- process knows when to reload its in-memory directory.
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO store_meta (key, value) VALUES ('directory_version', 0);
"""
