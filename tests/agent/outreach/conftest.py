"""Fixtures of the outreach tests: a private copy of the seeded demo store per test, the
outreach service on an embedded queue, and an engine wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from agent.brains.rules import RulesBrain
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.fakes.outbound import WORKDAY, Rig, build_rig, clinic_with, copy_store, seed_store


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("outreach") / "demo.sqlite")


@pytest.fixture
def now() -> FixedClock:
    """Monday 23 November 2026, 10:00 in Paris: working hours, not quiet."""
    return FixedClock(WORKDAY)


@pytest.fixture
async def rig(seeded_file: Path, tmp_path: Path, now: FixedClock) -> AsyncIterator[Rig]:
    clinic = clinic_with(waitlist={"hold": "15m", "offer_to": 20, "window": "14d"})
    made = build_rig(copy_store(seeded_file, tmp_path), tmp_path / "jobs.sqlite", now, clinic)
    yield made
    await made.backend.close()
    made.queue.close()


@pytest.fixture
def engine(rig: Rig) -> Engine:
    """An engine on the rig's store, its turns heard by the outreach service."""
    engine = Engine(
        backend=rig.backend, clinic=rig.outreach.clinic, brain=RulesBrain(), clock=rig.clock
    )
    engine.listeners.append(rig.outreach.on_turn)
    return engine
