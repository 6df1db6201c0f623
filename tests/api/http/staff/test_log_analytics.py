"""The conversation log (search by patient, date, outcome) and analytics (page, CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable

from fastapi import FastAPI

from fhir_adapters.access_audit import operation_of
from tests.api.http.staff.conftest import ADMIN, RECEPTIONIST, Console, start_emergency

SignedIn = Callable[[str], Awaitable[Console]]
BOOKING = [
    "Bonjour, je voudrais un rendez-vous avec le docteur Martin mardi après-midi",
    "Élodie Fournier, née le 30 novembre 1986",
    "le deuxième",
    "oui",
]


async def _book(app: FastAPI, cid: str = "conv-book") -> str:
    engine = app.state.engine
    await engine.start(cid, language="fr", channel="web")
    events = []
    for line in BOOKING:
        events += (await engine.turn(cid, line)).events
    assert "booked" in [e.kind for e in events]
    return cid


async def _emergency(app: FastAPI, cid: str = "conv-sos") -> str:
    return await start_emergency(app, cid, "my husband collapsed and is not breathing")


async def test_the_log_finds_a_conversation_by_patient_name_outcome_and_date(
    console: SignedIn, app: FastAPI
) -> None:
    booked = await _book(app)
    sos = await _emergency(app)
    anne = await console(RECEPTIONIST)

    by_name = (await anne.client.get("/staff/conversations", params={"q": "Fournier"})).text
    assert f"/staff/conversations/{booked}" in by_name and sos not in by_name
    by_outcome = await anne.client.get("/staff/conversations", params={"outcome": "emergency"})
    assert sos in by_outcome.text and booked not in by_outcome.text
    today = await anne.client.get("/staff/conversations", params={"day": "2026-11-23"})
    assert booked in today.text and sos in today.text
    other_day = await anne.client.get("/staff/conversations", params={"day": "2026-11-20"})
    assert booked not in other_day.text


async def test_opening_a_transcript_shows_every_line_and_is_audited_with_the_patient(
    console: SignedIn, app: FastAPI
) -> None:
    booked = await _book(app)
    anne = await console(RECEPTIONIST)
    page = await anne.client.get(f"/staff/conversations/{booked}")
    assert page.status_code == 200
    assert "Élodie Fournier, née le 30 novembre 1986" in page.text
    summary = await app.state.engine.summary(booked)
    events = await app.state.engine.backend.list_audit_events(limit=5)
    view = next(e for e in events if operation_of(e) == "view-transcript")
    refs = [str(en.what.reference) for en in view.entity or [] if en.what]
    assert f"Patient/{summary.patient_id}" in refs and view.agent[0].altId == booked
    assert (await anne.client.get("/staff/conversations/nope")).status_code == 404


async def test_analytics_count_bookings_emergencies_and_handoffs(
    console: SignedIn, app: FastAPI
) -> None:
    await _book(app)
    await _emergency(app)
    anne = await console(RECEPTIONIST)
    page = await anne.client.get("/staff/analytics?days=7")
    assert page.status_code == 200
    assert 'src="/static/vendor/chart.umd.js"' in page.text
    assert "Export CSV" not in page.text  # admins only
    assert (await anne.client.get("/staff/analytics.csv")).status_code == 403

    boss = await console(ADMIN)
    exported = await boss.client.get("/staff/analytics.csv?days=7")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = {(r["metric"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows[("conversations", "total")] == "2"
    assert rows[("conversations", "automated")] == "1"
    assert rows[("outcomes", "bookings")] == "1"
    assert rows[("outcomes", "emergencies")] == "1"
    assert rows[("handoffs_by_reason", "emergency")] == "1"
    assert rows[("automation_rate", "")] == "0.5000"
    assert ("conversations_per_day", "2026-11-23") in rows
    assert (await boss.client.get("/staff/analytics.csv?days=0")).status_code == 422
