"""The staff console in a real browser: a patient in the web chat reports chest pain, the
emergency reaches the receptionist's queue without a reload and rings, she takes it over and
writes, the patient's chat shows it, and she resolves it; signed-out visits land on login."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.api.live_server import LiveServer
from tests.api.web.chat.steps import say
from tests.api.web.staff.conftest import CONSOLE_PAGES, RECEPTIONIST, sign_in

pytestmark = pytest.mark.timeout(300)
CHEST_PAIN = "I have a crushing chest pain and I can't breathe"


def test_an_emergency_reaches_the_queue_live_and_is_handled_end_to_end(
    browser: Browser, console_server: LiveServer
) -> None:
    base = console_server.url
    desk = browser.new_context(viewport={"width": 1400, "height": 900})
    desk.set_default_timeout(20_000)
    console = desk.new_page()
    sign_in(console, base, RECEPTIONIST)
    expect(console.locator("#live-status")).to_contain_text("Live")

    home = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
    home.set_default_timeout(20_000)
    chat = home.new_page()
    chat.goto(f"{base}/chat?lang=en")
    expect(chat.locator(".msg.agent").first).to_be_visible()
    say(chat, CHEST_PAIN)
    cid = chat.evaluate("JSON.parse(sessionStorage.getItem('frontdesk.chat')).id")

    # No reload on the console: the event stream brings the emergency in, and it rings.
    item = console.locator(f".queue-item.stat[data-id='{cid}']")
    expect(item).to_be_visible()
    expect(console.locator("body")).to_have_attribute("data-ringing", "true")
    expect(console).to_have_title(re.compile("EMERGENCY"))
    expect(console.locator("#emergency")).to_be_visible()

    item.get_by_role("button").click()
    expect(console.locator("#transcript li.patient").first).to_contain_text("chest pain")
    console.get_by_role("button", name="Take over").click()
    expect(console.locator("body")).to_have_attribute("data-ringing", "false")
    expect(console.locator("#emergency")).to_be_hidden()
    console.get_by_label("Write to the patient").fill("Anne here: an ambulance is on its way.")
    console.get_by_role("button", name="Send").click()
    expect(console.locator("#transcript li.staff")).to_contain_text("ambulance")

    expect(chat.locator(".msg.staff")).to_contain_text("ambulance is on its way")
    chat.locator("#text").fill("thank you")
    chat.locator("#text").press("Enter")
    expect(console.locator("#transcript li.patient").last).to_contain_text("thank you")

    console.get_by_label("Resolution note").fill("Ambulance called, patient safe")
    console.get_by_role("button", name="Resolve").click()
    expect(item).to_have_count(0)
    # The page drops the item on the status event; the stored summary must say the same.
    engine = console_server.app.state.engine
    for _ in range(50):
        summary = console_server.run(engine.summary(cid))
        if summary.status == "resolved":
            break
        console.wait_for_timeout(200)
    assert summary.status == "resolved"
    desk.close()
    home.close()


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_a_signed_out_visit_to_any_console_page_lands_on_login(
    browser: Browser, console_server: LiveServer, path: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{console_server.url}{path}")
    assert re.search(r"/staff/login\?next=", page.url)
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    context.close()
