"""``frontdesk eval``: exit status under thresholds, reports written, bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app

SCENARIO = """
id: hours-question
category: information
language: en
clock: 2026-11-23T09:10:00+01:00
goal: {intent: info, topic: hours, question: "What are your opening hours?"}
expect: {no_write: true, reply_contains: [Sunday]}
"""
IMPOSSIBLE = SCENARIO.replace("id: hours-question", "id: never").replace(
    "reply_contains: [Sunday]", "reply_contains: [a phrase nobody will ever say]"
)


def _invoke(*args: str):
    return CliRunner().invoke(app, ["eval", *args, "--workers", "1"])


def test_a_passing_suite_exits_zero_and_writes_both_reports(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SCENARIO)
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    result = _invoke(
        str(tmp_path), "--json", str(out_json), "--html", str(out_html), "--min-success", "1.0"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out_json.read_text())
    assert report["scores"]["success"] == 1.0 and report["failures"] == []
    assert "<svg" in out_html.read_text()


def test_exit_status_is_one_under_a_command_line_threshold(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SCENARIO)
    (tmp_path / "b.yaml").write_text(IMPOSSIBLE)
    result = _invoke(str(tmp_path), "--min-success", "0.9")
    assert result.exit_code == 1
    assert "success 50.0% is below 90.0%" in result.output


def test_exit_status_is_one_under_a_threshold_of_the_suite_file(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(IMPOSSIBLE)
    (tmp_path / "gates.yaml").write_text("suite: {thresholds: {success: 0.5}}\nscenarios: []\n")
    assert _invoke(str(tmp_path)).exit_code == 1


def test_an_invalid_scenario_exits_two_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(SCENARIO.replace("category: information", "category: x"))
    result = _invoke(str(tmp_path))
    assert result.exit_code == 2
    assert "bad.yaml:3: scenario 'hours-question': category" in result.output.replace("\n", "")


def test_an_llm_brain_without_a_model_configured_exits_two(tmp_path: Path, monkeypatch) -> None:
    for name in (
        "FRONTDESK_OPENAI_API_KEY",
        "OPENAI_API_KEY",
        "FRONTDESK_OPENAI_BASE_URL",
        "OPENAI_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file to read a key from
    (tmp_path / "s.yaml").write_text(SCENARIO)
    result = _invoke(str(tmp_path), "--brain", "openai")
    assert result.exit_code == 2
