"""Fixtures shared by the whole suite (each area keeps its own in its folder's conftest.py)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fhir_adapters.clock import FixedClock

PRACTICE_TZ = "Europe/Paris"


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2026-11-23 08:00 in Paris: a fixed, reproducible 'now'."""
    return FixedClock(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo(PRACTICE_TZ)))


@pytest.fixture
def fhir_base_url() -> str:
    """The real FHIR server's base URL; the one allowed skip is when none is configured."""
    url = os.environ.get("FHIR_BASE_URL")
    if not url:
        pytest.skip(
            "FHIR_BASE_URL is not set: start /work/shared/fhir-test-server/start.sh 18090 "
            "and export FHIR_BASE_URL (.ci/run always does)"
        )
    return url


@pytest.fixture(autouse=True)
def _hermetic_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never inherit a developer's FRONTDESK_* / OPENAI_* configuration."""
    for name in list(os.environ):
        if name.startswith(("FRONTDESK_", "OPENAI_")):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _hermetic_local_codes() -> Iterator[None]:
    """A practice's local codes (registered by every Engine) never leak into another test."""
    from fhir_adapters.codings import local_codes, replace_local

    before = local_codes()
    yield
    replace_local(before)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run every test that writes to the shared FHIR server in one xdist worker, one at a time.

    Most of them use unique ids and would not mind, but an eval replay on the server judges
    wrongful writes by diffing the whole server, so a concurrent writer would fail it.
    Needs ``--dist loadgroup`` (the Makefile passes it).
    """
    for item in items:
        if item.get_closest_marker("fhir_server") or "[rest" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("fhir_server"))


# ---- PostgreSQL ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, on a free port; a test may stop
    and start it again (same data, same port)."""

    def __init__(self) -> None:
        if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
            pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed")
        self.base = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        # initdb refuses to run as root: run the cluster as the postgres user when we are root.
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self.data, self.port = self.base / "data", _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, *command: str, check: bool = True) -> None:
        subprocess.run([*self._as_user, *command], check=check, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.base / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate``: as after a crash, connections cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster shared by the session (never restarted)."""
    cluster = PostgresCluster()
    cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.remove()
