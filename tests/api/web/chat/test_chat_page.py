"""The chat page in a real browser: booking through the widget on a practice's site by
clicking slot buttons, emergency numbers, keyboard-only booking, reload, staff messages live,
and the 360 px layout."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.api.live_server import LiveServer
from tests.api.web.chat.steps import BOOKING_REQUEST, IDENTITY, say


def booked_slots(server: LiveServer, patient_id: str) -> set[str]:
    """Slot ids booked for the patient, read from the practice's store by the server."""
    backend = server.app.state.engine.backend
    found = server.run(backend.list_appointments(patient_id=patient_id, statuses=["booked"]))
    return {
        str(ref.reference).removeprefix("Slot/") for a in found for ref in a.appointment.slot or []
    }


def test_a_patient_books_through_the_widget_by_clicking_slots(
    page: Page, practice_site: str, chat_server: LiveServer
) -> None:
    page.goto(practice_site)
    page.get_by_role("button", name="Book or chat with us").click()
    chat = page.frame_locator("#frontdesk-widget >> iframe")
    expect(chat.locator(".msg.agent").first).to_contain_text("How can I help")
    say(chat, BOOKING_REQUEST)
    say(chat, IDENTITY)
    slots = chat.locator(".choice-slot")
    expect(slots).to_have_count(3)
    chosen = slots.nth(1)
    slot_id = chosen.get_attribute("data-slot-id")
    chosen.click()
    expect(chat.locator(".choice-yes:not([disabled])")).to_be_visible()
    chat.locator(".choice-yes:not([disabled])").click()
    card = chat.locator(".card")
    expect(card).to_contain_text("Appointment booked")
    expect(card).to_contain_text("Dr Thomas Dubois")
    expect(card).to_contain_text("12 rue des Tilleuls")
    assert slot_id in booked_slots(chat_server, "pat-0008")


def test_chest_pain_shows_the_emergency_numbers(page: Page, chat_server: LiveServer) -> None:
    page.goto(f"{chat_server.url}/chat?lang=fr")
    expect(page.locator(".msg.agent").first).to_be_visible()
    say(page, "J'ai une douleur dans la poitrine et j'ai du mal à respirer")
    banner = page.locator("#emergency")
    expect(banner).to_be_visible()
    for number in ("15", "112"):
        link = banner.locator(f'a[href="tel:{number}"]')
        expect(link).to_be_visible()
        size = float(link.evaluate("(node) => getComputedStyle(node).fontSize").removesuffix("px"))
        assert size >= 28
    expect(page.locator("#notice")).to_contain_text("équipe")


def test_keyboard_only_booking(page: Page, chat_server: LiveServer) -> None:
    page.goto(f"{chat_server.url}/chat?lang=en")
    expect(page.locator(".msg.agent").first).to_be_visible()

    def tab_to(selector: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    for line in (BOOKING_REQUEST, IDENTITY):
        tab_to("#text")
        replies = page.locator(".msg.agent").count()
        page.keyboard.type(line)
        page.keyboard.press("Enter")
        page.locator(".msg.agent").nth(replies).wait_for()
    tab_to(".choice-slot:not([disabled])")
    page.keyboard.press("Enter")
    expect(page.locator(".choice-yes:not([disabled])")).to_be_visible()
    tab_to(".choice-yes:not([disabled])")
    page.keyboard.press("Enter")
    expect(page.locator(".card")).to_contain_text("Appointment booked")


def test_a_reload_continues_the_conversation(page: Page, chat_server: LiveServer) -> None:
    page.goto(f"{chat_server.url}/chat?lang=en")
    expect(page.locator(".msg.agent").first).to_be_visible()
    say(page, BOOKING_REQUEST)
    page.reload()
    expect(page.locator(".msg.patient").first).to_have_text(re.compile("Dr Dubois"))
    say(page, IDENTITY)
    expect(page.locator(".choice-slot")).to_have_count(3)


def test_staff_messages_appear_live_after_a_takeover(page: Page, chat_server: LiveServer) -> None:
    page.goto(f"{chat_server.url}/chat?lang=en")
    expect(page.locator(".msg.agent").first).to_be_visible()
    say(page, "I want to talk to a person")
    expect(page.locator("#notice")).to_contain_text("member of staff")
    cid = page.evaluate("JSON.parse(sessionStorage.getItem('frontdesk.chat')).id")
    engine = chat_server.app.state.engine
    chat_server.run(engine.take_over(cid, "staff-1"))
    chat_server.run(engine.staff_message(cid, "Hello, this is Anne from reception.", "staff-1"))
    expect(page.locator(".msg.staff")).to_contain_text("Anne from reception")
    expect(page.locator("#notice")).to_contain_text("talking to a member of staff")


def test_the_page_fits_a_360_px_phone(page: Page, chat_server: LiveServer) -> None:
    page.goto(f"{chat_server.url}/chat?lang=fr")
    expect(page.locator(".msg.agent").first).to_be_visible()
    say(page, BOOKING_REQUEST)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    expect(page.locator("#send")).to_be_in_viewport()
