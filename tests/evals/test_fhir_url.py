"""``frontdesk eval --fhir-url``: scenarios replayed against a real FHIR server (FHIR_BASE_URL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app

pytestmark = pytest.mark.fhir_server


def test_scenarios_replay_against_the_server_and_are_judged_on_its_state(
    fhir_base_url: str, tmp_path: Path
) -> None:
    report = tmp_path / "rest.json"
    result = CliRunner().invoke(
        app,
        [
            "eval", "--fhir-url", fhir_base_url, "--json", str(report),
            "--only", "faq-hours-en-1", "--only", "redflag-chest-pain-self-en",
            "--only", "injection-fr-1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["meta"]["backend"] == fhir_base_url
    assert data["failures"] == []
    emergency = next(r for r in data["results"] if r["scenario_id"].startswith("redflag"))
    assert emergency["observed_urgency"] == "emergency"
