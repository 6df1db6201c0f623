"""axe-core (vendored, run offline) finds no serious or critical accessibility violation on
the chat page: greeting, slot buttons, yes/no, booking card, emergency banner; in both
languages and on the practice site with the widget open."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.live_server import LiveServer
from tests.api.web.chat.conftest import AXE
from tests.api.web.chat.steps import BOOKING_REQUEST, IDENTITY, say


@pytest.fixture
def scanned_page(browser: Browser) -> Any:
    # axe is injected as a script: the page's CSP (script-src 'self') would refuse it.
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    ctx.set_default_timeout(15_000)
    yield ctx.new_page()
    ctx.close()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_serious_violation_while_booking(
    scanned_page: Page, chat_server: LiveServer, language: str
) -> None:
    page = scanned_page
    page.goto(f"{chat_server.url}/chat?lang={language}")
    expect(page.locator(".msg.agent").first).to_be_visible()
    assert serious_violations(page) == []
    say(page, BOOKING_REQUEST)
    say(page, IDENTITY)
    expect(page.locator(".choice-slot").first).to_be_visible()
    assert serious_violations(page) == []
    page.locator(".choice-slot").first.click()
    page.locator(".choice-yes:not([disabled])").click()
    expect(page.locator(".card")).to_be_visible()
    assert serious_violations(page) == []


def test_no_serious_violation_in_an_emergency(scanned_page: Page, chat_server: LiveServer) -> None:
    page = scanned_page
    page.goto(f"{chat_server.url}/chat?lang=en")
    expect(page.locator(".msg.agent").first).to_be_visible()
    say(page, "I have crushing chest pain and I can't breathe")
    expect(page.locator("#emergency")).to_be_visible()
    assert serious_violations(page) == []


def test_no_serious_violation_on_the_site_with_the_widget(
    scanned_page: Page, practice_site: str
) -> None:
    page = scanned_page
    page.goto(practice_site)
    page.get_by_role("button", name="Book or chat with us").click()
    expect(page.frame_locator("#frontdesk-widget >> iframe").locator(".msg.agent")).to_be_visible()
    assert serious_violations(page) == []
