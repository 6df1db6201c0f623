"""Browser fixtures of the patient chat: the web service on a real port (a private copy of the
demo practice, fixed clock), a practice's own site on another port embedding the widget, and
the system Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.api.http.conftest import seeded_store, web_settings  # noqa: F401
from tests.api.live_server import LiveServer, free_port, live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def site_port() -> int:
    """The port of the practice's own web site (another origin than frontdesk)."""
    return free_port()


@pytest.fixture(scope="module")
def chat_server(
    seeded_store: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
    site_port: int,
) -> Iterator[LiveServer]:
    """frontdesk on a free port; the practice's site may embed it."""
    data_dir = tmp_path_factory.mktemp("chat")
    shutil.copy(seeded_store, data_dir / "frontdesk.sqlite")
    settings = web_settings(data_dir, widget_origins=[f"http://127.0.0.1:{site_port}"])
    with live_server(settings) as server:
        yield server


@pytest.fixture(scope="module")
def practice_site(
    chat_server: LiveServer, site_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The practice's home page with the one widget script tag; yields its URL."""
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Practice</title>"
        "</head><body><main><h1>Our practice</h1><p>Welcome.</p></main>"
        f'<script src="{chat_server.url}/widget.js" data-lang="en" defer></script>'
        "</body></html>"
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site_port}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system Chromium, headless."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (empty sessionStorage), English, phone-sized."""
    ctx = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab of ``context``."""
    return context.new_page()
