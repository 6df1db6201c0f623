"""``frontdesk check-ehr URL`` against the real FHIR test server (FHIR_BASE_URL)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli.main import app

pytestmark = pytest.mark.fhir_server


def test_the_capability_table_names_what_the_server_offers(fhir_base_url: str) -> None:
    result = CliRunner().invoke(app, ["check-ehr", fhir_base_url], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    assert "yes" in lines["transactions"]
    assert "yes" in lines["Slot search (status, start, _sort, _count)"]
    assert "no" in lines["SMART backend services"]  # the test server has no SMART endpoint
