"""Take the README's screenshot of the staff console (``docs/img/staff-console.png``).

Run by hand: ``.venv/bin/python -m tests.api.web.staff.screenshot [PATH]``. It starts the service on
a throwaway demo store, puts a few requests in the queue (an emergency, a request for a human,
a prescription renewal), signs a receptionist in, takes the emergency over and answers it.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import httpx

from agent.settings import Settings
from agent.staff import build_staff_service
from tests.api.live_server import live_server
from tests.api.web.chat.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.api.web.staff.conftest import PASSWORD, RECEPTIONIST, sign_in


def _patient(base: str, lines: list[str], language: str = "en") -> str:
    with httpx.Client(base_url=base, timeout=30) as client:
        opened = client.post("/v1/conversations", json={"channel": "web", "language": language})
        cid, token = opened.json()["id"], opened.json()["token"]
        for text in lines:
            client.post(
                f"/v1/conversations/{cid}/messages",
                json={"text": text},
                headers={"Authorization": f"Bearer {token}"},
            )
    return str(cid)


def main(target: Path) -> None:
    """Write the screenshot to ``target``."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data:
        # The wall clock, so the wait timers (computed by the browser) read true.
        settings = Settings(data_dir=Path(data), demo_weeks=1, staff_demo_account=False)
        asyncio.run(
            build_staff_service(settings).create_account(RECEPTIONIST, "receptionist", PASSWORD)
        )
        with live_server(settings) as server:
            base = server.url
            _patient(base, ["Bonjour, je voudrais parler à une secrétaire s'il vous plaît"], "fr")
            _patient(
                base,
                ["I need a renewal of my prescription", "Jean Dupont, born 14 March 1958",
                 "my insulin"],
            )  # fmt: skip
            sos = _patient(base, ["My father has a crushing chest pain and can't breathe"])
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 860})
                sign_in(page, base, RECEPTIONIST)
                page.locator(f".queue-item[data-id='{sos}'] button").click()
                page.wait_for_selector("#transcript li.patient")
                page.get_by_role("button", name="Take over").click()
                page.get_by_label("Write to the patient").fill(
                    "This is Anne at the practice: call 15 now, I am calling you back."
                )
                page.get_by_role("button", name="Send").click()
                page.wait_for_selector("#transcript li.staff")
                page.mouse.wheel(0, -5000)
                page.wait_for_timeout(300)
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target), full_page=False)
                browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img/staff-console.png"))
