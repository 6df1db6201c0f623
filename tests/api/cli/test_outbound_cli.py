"""``frontdesk jobs`` and ``frontdesk outreach`` on the embedded defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FRONTDESK_NOW", "2026-11-23T10:00:00+01:00")
    monkeypatch.setenv("FRONTDESK_DEMO_WEEKS", "1")
    monkeypatch.setenv("FRONTDESK_OUTBOX_ECHO", "false")
    return tmp_path


def test_waitlist_add_then_list_and_the_queue_stats(env: Path) -> None:
    added = runner.invoke(
        app, ["outreach", "waitlist-add", "pat-0005", "--practitioner", "pract-martin"]
    )
    assert added.exit_code == 0, added.output
    entry_id = json.loads(added.output)["entry_id"]
    listed = runner.invoke(app, ["outreach", "waitlist"])
    assert listed.exit_code == 0, listed.output
    [entry] = json.loads(listed.output)
    assert (entry["entry_id"], entry["patient_id"], entry["practitioner_id"]) == (
        entry_id,
        "pat-0005",
        "pract-martin",
    )
    stats = runner.invoke(app, ["jobs", "stats"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["dead"] == 0
