"""axe-core (vendored) finds no serious or critical accessibility violation on console pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.api.live_server import LiveServer
from tests.api.web.chat.conftest import AXE
from tests.api.web.staff.conftest import ADMIN, CONSOLE_PAGES, sign_in

pytestmark = pytest.mark.timeout(300)


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text())
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_console_pages_and_login_have_no_serious_violation(
    browser: Browser, console_server: LiveServer
) -> None:
    base = console_server.url
    context = browser.new_context(bypass_csp=True)  # axe goes in as an inline script
    page = context.new_page()
    page.goto(f"{base}/staff/login")
    problems = {"/staff/login": _violations(page)}
    sign_in(page, base, ADMIN)
    for path in CONSOLE_PAGES:
        page.goto(f"{base}{path}")
        if path in ("/staff", "/staff/outreach"):  # streaming pages never go network-idle
            page.wait_for_selector("#live-status:has-text('Live')")
        else:
            page.wait_for_load_state("networkidle")
        problems[path] = _violations(page)
    assert {k: v for k, v in problems.items() if v} == {}
    context.close()
