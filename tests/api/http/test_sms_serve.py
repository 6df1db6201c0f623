"""``frontdesk serve`` (``make run``): the server runs a job worker, so a booking made in a
conversation produces its confirmation in the console provider's outbox."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from agent.settings import Settings
from api.http.app import create_app

BOOKING = (
    "Bonjour, je voudrais prendre un rendez-vous",
    "Élodie Fournier, née le 30 novembre 1986",
    "jeudi après-midi, avec n'importe quel médecin",
    "le deuxième",
    "oui",
)


async def test_a_chat_booking_is_confirmed_by_the_servers_own_worker(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, now="2026-11-23T10:00:00+01:00", demo_weeks=1, outbox_echo=False
    )
    app = create_app(settings)
    outbox = tmp_path / "outbox.jsonl"
    async with app.router.lifespan_context(app):
        assert app.state.outreach is not None
        engine = app.state.engine
        await engine.start("web-1")
        for line in BOOKING:
            result = await engine.turn("web-1", line)
        assert [e.kind for e in result.events] == ["booked"]
        for _ in range(300):  # the worker polls the queue a few times a second
            if outbox.exists() and outbox.read_text("utf-8").strip():
                break
            await asyncio.sleep(0.1)
    lines = [json.loads(line) for line in outbox.read_text("utf-8").splitlines()]
    appointment_id = result.events[0].data["appointment_id"]
    assert [(m["kind"], m["key"]) for m in lines] == [
        ("confirmation", f"confirmation:{appointment_id}")
    ]
    assert "jeudi 26 novembre" in lines[0]["body"]


async def test_outbound_can_be_switched_off(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo_weeks=1, outbound_enabled=False)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert app.state.outreach is None
