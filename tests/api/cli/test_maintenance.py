"""``frontdesk maintenance prune`` prints what it removed."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from agent.clinic import ClinicConfig
from agent.settings import Settings
from api.cli.main import app
from fhir_adapters.clock import FixedClock
from tests.graphs.conftest import clinic, seeded_file, store_file  # noqa: F401
from tests.graphs.test_retention import _conversations


def test_maintenance_prune_command_prints_its_report(
    store_file: Path,  # noqa: F811
    clinic: ClinicConfig,  # noqa: F811
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch,
) -> None:
    settings = Settings(data_dir=tmp_path)
    asyncio.run(_conversations(settings, store_file, clinic, clock, 1))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["maintenance", "prune"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["conversations_kept"] == 2 and report["checkpoints_deleted"] >= 3
