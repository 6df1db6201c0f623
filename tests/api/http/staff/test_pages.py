"""Console pages: today's schedule from the EHR, admin accounts and clinic settings."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI

from fhir_adapters.access_audit import operation_of
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Patient
from tests.api.http.staff.conftest import ADMIN, PASSWORD, RECEPTIONIST, Console, sign_in

SignedIn = Callable[[str], Awaitable[Console]]


async def test_todays_schedule_shows_a_booking_free_slots_and_a_cancellation(
    console: SignedIn, app: FastAPI
) -> None:
    backend = app.state.engine.backend
    now = app.state.engine.clock.now()
    end = now.replace(hour=23, minute=0)
    slots = await backend.find_slots(SlotQuery(start=now, end=end, limit=3))
    patient = await backend.create_patient(
        Patient(name=[{"family": "Schedulova", "given": ["Ines"]}], birthDate="1980-01-02"),
        actor=Actor(),
    )
    booked = await backend.book(
        BookingRequest(
            slot_id=slots[0].slot_id, patient_id=patient.id, idempotency_key="schedule-key-1"
        )
    )
    gone = await backend.book(
        BookingRequest(
            slot_id=slots[1].slot_id, patient_id=patient.id, idempotency_key="schedule-key-2"
        )
    )
    await backend.cancel(str(gone.id), patient_id=None, actor=Actor())

    anne = await console(RECEPTIONIST)
    page = await anne.client.get("/staff/schedule")
    assert page.status_code == 200
    assert "Ines Schedulova" in page.text
    start = booked.start.astimezone(app.state.engine.clinic.zone).strftime("%H:%M")
    assert re.search(rf"<td>{start}</td>\s*<td><span class=\"pill booked\">booked", page.text)
    assert 'class="pill cancelled">cancelled' in page.text
    assert 'class="pill free">free' in page.text
    events = await backend.list_audit_events(limit=5)
    assert any(operation_of(e) == "view-schedule" and e.action == "R" for e in events)


async def test_another_day_can_be_asked_for_and_a_bad_day_is_a_422(console: SignedIn) -> None:
    anne = await console(RECEPTIONIST)
    page = await anne.client.get("/staff/schedule?day=2026-11-24")
    assert page.status_code == 200 and "Tuesday 24 November 2026" in page.text
    assert (await anne.client.get("/staff/schedule?day=tomorrowish")).status_code == 422


async def test_an_admin_creates_an_account_that_can_then_sign_in(
    console: SignedIn, app: FastAPI, anonymous
) -> None:  # type: ignore[no-untyped-def]
    boss = await console(ADMIN)
    refused = await boss.client.post(
        "/staff/admin/accounts",
        data={"email": "new@practice.test", "role": "receptionist", "password": PASSWORD},
    )
    assert refused.status_code == 403  # no CSRF token
    created = await boss.client.post(
        "/staff/admin/accounts",
        data={
            "email": "new@practice.test",
            "role": "receptionist",
            "password": PASSWORD,
            "csrf_token": boss.csrf,
        },
    )
    assert created.status_code == 201 and "new@practice.test created" in created.text
    assert (await sign_in(anonymous, "new@practice.test")).status_code == 303
    events = await app.state.engine.backend.list_audit_events(limit=5)
    assert "staff-account-create" in [operation_of(e) for e in events]


async def test_an_admin_disables_an_account_and_its_session_ends_at_once(
    console: SignedIn, app: FastAPI
) -> None:
    anne = await console(RECEPTIONIST)
    boss = await console(ADMIN)
    account = await app.state.staff.account_by_email(RECEPTIONIST)
    changed = await boss.client.post(
        f"/staff/admin/accounts/{account.id}",
        data={"role": "receptionist", "csrf_token": boss.csrf},
    )
    assert changed.status_code == 200
    assert (await anne.client.get("/staff/schedule")).status_code == 303


async def test_a_receptionist_cannot_create_accounts(console: SignedIn) -> None:
    anne = await console(RECEPTIONIST)
    response = await anne.client.post(
        "/staff/admin/accounts",
        data={"email": "x@practice.test", "password": PASSWORD, "csrf_token": anne.csrf},
    )
    assert response.status_code == 403


async def test_clinic_settings_show_the_practice_and_never_a_secret(
    console: SignedIn, app: FastAPI
) -> None:
    boss = await console(ADMIN)
    page = await boss.client.get("/staff/admin/settings")
    assert page.status_code == 200
    clinic = app.state.engine.clinic
    assert clinic.name in page.text and clinic.address in page.text
    assert "secret" not in page.text.lower().replace("secrets are never shown", "")
