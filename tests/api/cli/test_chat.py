"""``frontdesk chat`` from a pipe: the embedded defaults, seeded on first use, book for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from tests.graphs.conftest import seeded_file  # noqa: F401


@pytest.fixture
def seeded_var(seeded_file: Path, tmp_path: Path) -> None:  # noqa: F811
    """A data folder whose store already holds the demo practice (seeding takes seconds)."""
    (tmp_path / "var").mkdir()
    shutil.copy(seeded_file, tmp_path / "var" / "frontdesk.sqlite")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "FRONTDESK_DATA_DIR": str(tmp_path / "var"),
        "FRONTDESK_NOW": "2026-11-23T08:00:00+01:00",
        "FRONTDESK_DEMO_WEEKS": "1",
        "FRONTDESK_BRAIN": "rules",
    }


def test_piped_lines_book_an_appointment_in_the_seeded_store(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "Bonjour, je voudrais un rendez-vous avec le docteur Dubois",
            "Jean Dupont, né le 14 mars 1958",
            "le premier",
            "oui",
            "non merci",
        ]
    )
    result = CliRunner().invoke(app, ["chat"], input=script + "\n", env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Maison de santé des Tilleuls, bonjour" in result.output
    assert ">>> booked" in result.output
    assert "Au revoir" in result.output
    assert (tmp_path / "var" / "frontdesk.sqlite").exists()


@pytest.mark.usefixtures("seeded_var")
def test_a_conversation_continues_in_a_second_process(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    first = runner.invoke(
        app,
        ["chat", "--lang", "en", "--conversation", "call-42"],
        input="I'd like to book an appointment with Dr Dubois\n",
        env=env,
    )
    assert "date of birth" in first.output
    second = runner.invoke(
        app,
        ["chat", "--conversation", "call-42"],
        input="Michael Brown, born 25 August 1972\n",
        env=env,
    )
    assert second.exit_code == 0, second.output
    assert "continuing conversation call-42" in second.output
    assert "Dr Thomas Dubois" in second.output


@pytest.mark.usefixtures("seeded_var")
def test_handoff_banner_and_staff_resume(tmp_path: Path) -> None:
    script = "my father has chest pain and can't breathe\n/resume\nbye\n"
    result = CliRunner().invoke(app, ["chat", "--lang", "en"], input=script, env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "call 15 or 112" in result.output.lower()
    assert ">>> handed to staff urgency=emergency" in result.output
    assert "Thank you for waiting" in result.output


@pytest.mark.usefixtures("seeded_var")
def test_bad_options_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["chat", "--lang", "de"], input="", env=_env(tmp_path))
    assert result.exit_code == 2
    assert "fr or en" in result.output
