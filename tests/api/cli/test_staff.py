"""``frontdesk staff add`` / ``list``: accounts created from the command line can sign in."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.settings import Settings
from agent.staff import build_staff_service
from api.cli.main import app


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path))
    return tmp_path


def test_add_with_password_on_stdin_creates_an_account_that_signs_in(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["staff", "add", "Anne@Practice.test", "--role", "admin", "--password-stdin"],
        input="a long password here\n",
    )
    assert result.exit_code == 0, result.output
    assert "created admin account anne@practice.test" in result.stdout
    service = build_staff_service(Settings(data_dir=data_dir))
    account = asyncio.run(service.authenticate("anne@practice.test", "a long password here"))
    assert account.role == "admin"

    listed = CliRunner().invoke(app, ["staff", "list"])
    assert "anne@practice.test" in listed.stdout and "admin" in listed.stdout


def test_add_prompts_twice_for_the_password(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["staff", "add", "bob@practice.test"], input="a long password\na long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "created receptionist account bob@practice.test" in result.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["x@practice.test", "--role", "doctor"], "", "--role must be one of"),
        (["x@practice.test", "--password-stdin"], "short\n", "between 10 and 256"),
        (["not-an-email", "--password-stdin"], "a long password\n", "must be an email"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_no_account(
    data_dir: Path, args: list[str], stdin: str, message: str
) -> None:
    result = CliRunner().invoke(app, ["staff", "add", *args], input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert asyncio.run(build_staff_service(Settings(data_dir=data_dir)).accounts()) == []


def test_a_second_account_with_the_same_email_is_refused(data_dir: Path) -> None:
    for expected in (0, 1):
        result = CliRunner().invoke(
            app,
            ["staff", "add", "anne@practice.test", "--password-stdin"],
            input="a long password here\n",
        )
        assert result.exit_code == expected
    assert "already exists" in result.output
