"""The demo practice's staff login: made on first start, printed by ``frontdesk serve``."""

from __future__ import annotations

from pathlib import Path

from agent.settings import Settings
from agent.staff import DEMO_EMAIL, demo_login
from api.http.staff.setup import demo_login_line


def test_serve_prints_a_demo_login_that_stays_the_same_across_starts(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    line = demo_login_line(settings)
    email, password = demo_login(tmp_path)  # type: ignore[misc]
    assert line == f"{DEMO_EMAIL} / {password}" and email == DEMO_EMAIL
    assert demo_login_line(settings) == line


def test_no_demo_login_against_a_real_ehr_or_when_switched_off(tmp_path: Path) -> None:
    assert (
        demo_login_line(Settings(data_dir=tmp_path, fhir_base_url="http://ehr.test/fhir")) is None
    )
    assert demo_login_line(Settings(data_dir=tmp_path, staff_demo_account=False)) is None
    assert not (tmp_path / "demo-staff.txt").exists()
