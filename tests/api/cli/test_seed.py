"""``frontdesk seed`` on a temporary store: what it writes, idempotence, --reset, bad input."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Practitioner

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer .env or FRONTDESK_* variable leaks in; the clock is frozen."""
    import os

    for name in list(os.environ):
        if name.startswith("FRONTDESK_") or name in ("FHIR_BASE_URL", "OPENAI_API_KEY"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRONTDESK_NOW", NOW.isoformat())


def _store_state(path: Path) -> tuple[list[str], int, int]:
    """(practitioner ids found, free slots of Dr Martin, booked appointments) in the store."""

    async def read() -> tuple[list[str], int, int]:
        backend = EmbeddedBackend(path, tz="Europe/Paris", clock=FixedClock(NOW))
        try:
            found = []
            for pid in ("pract-martin", "pract-lefevre", "pract-roux", "pract-moreau"):
                found.append(str((await backend.get(Practitioner, pid)).id))
            slots = await backend.find_slots(
                SlotQuery(practitioner_ids=("pract-martin",), limit=500)
            )
            booked = await backend.list_appointments(statuses=["booked"], limit=1000)
            return found, len(slots), len(booked)
        finally:
            await backend.close()

    return asyncio.run(read())


def _book_one_more(path: Path) -> None:
    async def book() -> None:
        backend = EmbeddedBackend(path, tz="Europe/Paris", clock=FixedClock(NOW))
        try:
            slots = await backend.find_slots(SlotQuery(practitioner_ids=("pract-dubois",)))
            await backend.book(
                BookingRequest(
                    slot_id=slots[0].slot_id,
                    patient_id="pat-0005",
                    idempotency_key="test-extra-booking",
                    actor=Actor(name="test"),
                )
            )
        finally:
            await backend.close()

    asyncio.run(book())


def test_seed_creates_the_demo_practice(tmp_path: Path) -> None:
    store = tmp_path / "data" / "store.sqlite"
    result = runner.invoke(app, ["seed", "--store", str(store), "--weeks", "1"])
    assert result.exit_code == 0, result.output
    assert "Seeded Maison de santé des Tilleuls" in result.output
    assert "pract-martin" in result.output and "Dr Claire Martin" in result.output
    found, martin_free, booked = _store_state(store)
    assert found == ["pract-martin", "pract-lefevre", "pract-roux", "pract-moreau"]
    # One week of Dr Martin: 4 full days of 25 slots + Saturday morning 9, minus her bookings.
    assert 100 <= martin_free <= 109
    assert booked == 15
    assert "50 patients, 15 upcoming appointments" in result.output


def test_second_run_is_idempotent_and_reset_starts_again(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    assert runner.invoke(app, ["seed", "--store", str(store), "--weeks", "1"]).exit_code == 0
    _book_one_more(store)
    again = runner.invoke(app, ["seed", "--store", str(store), "--weeks", "1"])
    assert again.exit_code == 0, again.output
    assert "already holds the demo practice" in again.output
    assert _store_state(store)[2] == 16  # nothing re-written, the extra booking kept
    reset = runner.invoke(app, ["seed", "--store", str(store), "--weeks", "1", "--reset"])
    assert reset.exit_code == 0, reset.output
    assert "Seeded" in reset.output
    assert _store_state(store)[2] == 15


def test_same_seed_gives_the_same_store(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for store in (first, second):
        result = runner.invoke(app, ["seed", "--store", str(store), "--weeks", "1", "--seed", "3"])
        assert result.exit_code == 0, result.output
    assert _store_state(first) == _store_state(second)


def test_store_path_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "var"))
    result = runner.invoke(app, ["seed", "--weeks", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "frontdesk.sqlite").exists()


def test_bad_time_zone_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    result = runner.invoke(app, ["seed", "--store", str(store), "--tz", "Mars/Olympus"])
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.output
    assert not store.exists()


def test_invalid_clinic_file_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: X\ntime_zon: Europe/Paris\n", encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_CLINIC_FILE", str(clinic))
    result = runner.invoke(app, ["seed", "--store", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2
    assert "line 2: time_zon: unknown key" in result.output.replace("\n", " ")


def test_an_unusable_store_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = runner.invoke(app, ["seed", "--store", str(blocker / "store.sqlite")])
    assert result.exit_code == 1
    assert "could not be seeded" in result.output


def test_an_unknown_size_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["seed", "--store", str(tmp_path / "s.sqlite"), "--size", "city"])
    assert result.exit_code == 2
    assert "practice or hospital" in result.output
    assert not (tmp_path / "s.sqlite").exists()
