"""Fresh copies of the clinic for every replay: seed once into a template, copy it per scenario.

Seeding the demo practice takes far longer than copying a small SQLite file, so each distinct
fixture (seed, first day, weeks, time zone) is seeded once into a template file, and every
replay gets its own copy through SQLite's backup API (which also carries a WAL's content).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import tempfile
import uuid
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent.clinic import DEMO_CLINIC_FILE, ClinicConfig, load_clinic
from evals.scenario import ClinicFixture, Scenario
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo.standard import standard_text


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` laid on top: nested dicts merge key by key, other values replace.

    Neither argument is modified.
    """
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=32)
def _config(path: str | None, overrides: str, fixture: str = "demo") -> ClinicConfig:
    config = load_clinic(Path(path) if path else DEMO_CLINIC_FILE)
    changes = json.loads(overrides)
    data = config.model_dump(mode="json")
    if fixture == "standard":
        # The demo configuration's ids (routing lists, organization) as the standard
        # practice writes them.
        data = json.loads(standard_text(json.dumps(data)))
    elif not changes:
        return config
    return ClinicConfig.model_validate(deep_merge(data, changes))


def clinic_config(fixture: ClinicFixture) -> ClinicConfig:
    """The practice configuration of a fixture: its file (the demo's) with its overrides.

    Raises:
        ClinicConfigError: the file is invalid; pydantic.ValidationError: an override is.
    """
    return _config(
        fixture.config,
        json.dumps(fixture.overrides, sort_keys=True, default=str),
        fixture.fixture,
    )


def practice_tz(scenario: Scenario) -> str:
    """The practice time zone of a scenario's clinic."""
    return clinic_config(scenario.clinic).time_zone


def fixture_start(scenario: Scenario) -> date:
    """First day of the seeded calendar: the fixture's ``start`` or the clock's local day."""
    if scenario.clinic.start is not None:
        return scenario.clinic.start
    return scenario.clock.astimezone(ZoneInfo(practice_tz(scenario))).date()


FixtureKey = tuple[int, str, int, str, str]


def fixture_key(scenario: Scenario) -> FixtureKey:
    """What makes two scenarios share a template: seed, first day, weeks, time zone, coding."""
    return (
        scenario.clinic.seed,
        fixture_start(scenario).isoformat(),
        scenario.clinic.weeks,
        practice_tz(scenario),
        scenario.clinic.fixture,
    )


def scratch_dir() -> Path:
    """A directory for store copies: RAM-backed when the machine has /dev/shm."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() else None
    return Path(tempfile.mkdtemp(prefix="frontdesk-evals-", dir=base))


async def _seed(
    path: Path, seed: int, start: date, weeks: int, tz: str, coding: str = "demo"
) -> None:
    from fhir_adapters.demo import seed_demo_clinic
    from fhir_adapters.embedded import EmbeddedBackend

    # Seeded as of the first day's midnight so no slot of the calendar counts as past.
    clock = FixedClock(datetime.combine(start, time(0, 0), tzinfo=ZoneInfo(tz)))
    rng = random.Random(f"template-{seed}-{start}")
    backend = EmbeddedBackend(
        path,
        tz=tz,
        clock=clock,
        id_factory=lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        synchronous="OFF",
    )
    try:
        await seed_demo_clinic(
            backend,
            seed=seed,
            tz=tz,
            start=start,
            weeks=weeks,
            coding="standard" if coding == "standard" else "demo",
        )
    finally:
        await backend.close()


class Templates:
    """Seeded template stores, one per fixture key, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.paths: dict[FixtureKey, Path] = {}

    def prepare(self, scenarios: list[Scenario]) -> None:
        """Seed a template for every fixture the scenarios use (once each)."""
        for scenario in scenarios:
            key = fixture_key(scenario)
            if key in self.paths:
                continue
            seed, start, weeks, tz, coding = key
            path = self.directory / f"template-{seed}-{start}-{weeks}-{len(self.paths)}.sqlite"
            asyncio.run(_seed(path, seed, date.fromisoformat(start), weeks, tz, coding))
            self.paths[key] = path

    def copy_for(self, scenario: Scenario, name: str) -> Path:
        """A fresh copy of the scenario's template, at ``directory/name.sqlite``."""
        source = self.paths[fixture_key(scenario)]
        target = self.directory / f"{name}.sqlite"
        target.unlink(missing_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return target
