"""Fixtures of the conversation tests: a seeded demo store per test, the demo clinic, both
brains, and an engine wired on them.

Seeding the demo practice takes seconds, so it is done once per test session into a SQLite
file that each test copies (milliseconds) and opens as its own store.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import DEMO_CLINIC_FILE, ClinicConfig, load_clinic
from agent.understanding import Brain
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend
from graphs.bus import ConversationUpdate, InProcessBus, Subscription
from graphs.directory import SqliteDirectory
from graphs.engine import Engine
from tests.conftest import PRACTICE_TZ
from tests.fakes.fixtures import each_brain, fake_openai  # noqa: F401
from tests.graphs.talk import Call

SEED_NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo(PRACTICE_TZ))


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo practice (two weeks from Monday 23 November 2026) in a SQLite file."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"

    async def seed() -> None:
        backend = EmbeddedBackend(path, tz=PRACTICE_TZ, clock=FixedClock(SEED_NOW))
        await seed_demo_clinic(backend, tz=PRACTICE_TZ, start=SEED_NOW.date(), weeks=2)
        await backend.close()

    asyncio.run(seed())
    return path


@pytest.fixture
def store_file(seeded_file: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store."""
    copy = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, copy)
    return copy


@pytest.fixture
async def backend(store_file: Path, clock: FixedClock) -> AsyncIterator[EmbeddedBackend]:
    """The demo practice's store, private to the test."""
    store = EmbeddedBackend(store_file, tz=PRACTICE_TZ, clock=clock)
    yield store
    await store.close()


@pytest.fixture(scope="session")
def clinic() -> ClinicConfig:
    """The demo practice's configuration file."""
    return load_clinic(DEMO_CLINIC_FILE)


@pytest.fixture
def brain(each_brain: Brain) -> Brain:  # noqa: F811
    """Each brain in turn: rules, then the LLM brain through the fake endpoint."""
    return each_brain


@pytest.fixture
def engine(
    backend: EmbeddedBackend, clinic: ClinicConfig, brain: Brain, clock: FixedClock
) -> Engine:
    """An engine on the private store, in-memory checkpoints."""
    return Engine(backend=backend, clinic=clinic, brain=brain, clock=clock)


@pytest.fixture
def call(engine: Engine) -> Call:
    """A scripted conversation on ``engine``."""
    return Call(engine, "conv-1")


@pytest.fixture
async def directory() -> AsyncIterator[SqliteDirectory]:
    """An in-memory conversation directory."""
    found = await SqliteDirectory.open(":memory:")
    yield found
    await found.close()


@pytest.fixture
def live_engine(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock, directory: SqliteDirectory
) -> Engine:
    """An engine (rule brain) that publishes on a bus and keeps ``directory`` current."""
    return Engine(
        backend=backend,
        clinic=clinic,
        brain=RulesBrain(),
        clock=clock,
        bus=InProcessBus(),
        directory=directory,
    )


def drain(subscription: Subscription) -> list[ConversationUpdate]:
    """Everything queued for ``subscription`` so far, without waiting."""
    updates = []
    while True:
        try:
            updates.append(subscription._queue.get_nowait())
        except asyncio.QueueEmpty:
            return updates
