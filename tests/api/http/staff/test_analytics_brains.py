"""Staff see in the analytics when the language model failed and the embedded brain read on."""

from __future__ import annotations

import csv
import io
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from fastapi import FastAPI

from agent.settings import Settings
from tests.api.http.staff.conftest import ADMIN, RECEPTIONIST, Console, console_settings
from tests.api.http.staff.test_log_analytics import _book

SignedIn = Callable[[str], Awaitable[Console]]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The LLM brain configured, its endpoint down (connection refused)."""
    return console_settings(
        tmp_path,
        brain="openai",
        openai_base_url=f"http://127.0.0.1:{_closed_port()}/v1",
        openai_server="openai",
        llm_retries=0,
    )


async def test_fallbacks_of_a_call_that_still_booked_are_in_the_analytics(
    console: SignedIn, app: FastAPI
) -> None:
    await _book(app)  # asserts the booking went through on the embedded brain

    page = await (await console(RECEPTIONIST)).client.get("/staff/analytics?days=7")
    exported = await (await console(ADMIN)).client.get("/staff/analytics.csv?days=7")

    assert "passed to the next brain" in page.text
    rows = {(r["metric"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows[("brain_fallbacks_by_reason", "unavailable")] == "1"  # then skipped while down
    assert rows[("brain_fallbacks_by_reason", "skipped_unhealthy")] == "3"
    assert rows[("outcomes", "bookings")] == "1"
