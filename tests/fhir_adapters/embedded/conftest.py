"""Fixtures of the embedded-store tests: a file store seeded with the fixture clinic."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from tests.fhir_adapters.contract.clinic import FixtureClinic, build_clinic


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where the test's store file lives."""
    return tmp_path / "store.sqlite"


@pytest.fixture
async def store(store_path: Path, clock: FixedClock) -> AsyncIterator[EmbeddedBackend]:
    """An embedded store in a file, closed after the test."""
    backend = EmbeddedBackend(store_path, tz="Europe/Paris", clock=clock)
    yield backend
    await backend.close()


@pytest.fixture
async def clinic(store: EmbeddedBackend) -> FixtureClinic:
    """The fixture clinic seeded into ``store``."""
    seeded, resources = build_clinic()
    await store.put_resources(resources)
    return seeded
