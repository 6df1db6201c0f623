"""The console's reminders & waitlist page in a real browser: a patient joins the waiting
list in a conversation and books a visit, a message fails, and each shows up without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from agent.outreach.messages import OutboundMessage
from agent.outreach.records import to_communication
from agent.outreach.sender import OUTREACH_ACTOR
from tests.api.live_server import LiveServer
from tests.api.web.staff.conftest import RECEPTIONIST, sign_in

pytestmark = pytest.mark.timeout(300)


def _talk(server: LiveServer, cid: str, *lines: str) -> str:
    engine = server.app.state.engine
    server.run(engine.start(cid, language="en"))
    reply = ""
    for line in lines:
        reply = server.run(engine.turn(cid, line)).reply
    return reply


def test_waitlist_reminders_and_failures_appear_live(
    browser: Browser, console_server: LiveServer
) -> None:
    base = console_server.url
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, base, RECEPTIONIST, "/staff/outreach")
    expect(page.locator("#live-status")).to_contain_text("Live")
    expect(page.locator("#waitlist-empty")).to_be_visible()

    # A conversation puts Michael Brown on the waiting list for Dr Dubois: no reload needed.
    done = _talk(
        console_server,
        "conv-outreach-waitlist",
        "Hello, could you put me on the waiting list for Dr Dubois?",
        "Michael Brown, born 25 August 1972",
        "yes",
    )
    assert "waiting list" in done
    row = page.locator("#waitlist tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("pat-0008")
    expect(row).to_contain_text("pract-dubois")

    # He books a visit: its reminders are planned and the row says so.
    _talk(
        console_server,
        "conv-outreach-book",
        "I'd like an appointment with Dr Dubois on Thursday",
        "Michael Brown, born 25 August 1972",
        "the first one",
        "yes",
    )
    engine = console_server.app.state.engine
    booked = console_server.run(
        engine.backend.list_appointments(patient_id="pat-0008", statuses=["booked"])
    )
    appointment_id = booked[-1].appointment_id
    reminder = page.locator(f"#reminders tr[data-appointment='{appointment_id}']")
    expect(reminder).to_have_attribute("data-stage", "scheduled")

    # A reminder to him fails for good: the row turns failed and the failure is listed.
    outreach = console_server.app.state.outreach
    failed = OutboundMessage(
        key=f"reminder:{appointment_id}:2880",
        kind="reminder",
        channel="sms",
        to="+447700100008",
        language="en",
        body="Reminder",
        patient_id="pat-0008",
        about=[f"Appointment/{appointment_id}"],
    )
    record = to_communication(failed, status="not-done")
    console_server.run(engine.backend.create_communication(record, actor=OUTREACH_ACTOR))
    console_server.run(outreach.changed("test"))
    expect(reminder).to_have_attribute("data-stage", "failed")
    expect(page.locator("#failed li")).to_contain_text("reminder")
    context.close()
