"""The ``backend`` fixture of the contract suite: every SchedulingBackend must pass it.

Add a backend by adding a factory to ``BACKEND_FACTORIES``: it receives the test's
FixedClock and a temporary directory and returns a backend in the practice time zone
(Europe/Paris). Tests only use the protocol's public methods and seed their own uniquely
tagged clinic, so several tests may share one server and run in parallel.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.rest import RestBackend
from tests.fhir_adapters.contract.clinic import FixtureClinic, build_clinic

BackendFactory = Callable[[FixedClock, Path], SchedulingBackend]


def make_embedded(clock: FixedClock, tmp_path: Path) -> SchedulingBackend:
    """An embedded store in a fresh file."""
    return EmbeddedBackend(tmp_path / "store.sqlite", tz="Europe/Paris", clock=clock)


def make_embedded_memory(clock: FixedClock, tmp_path: Path) -> SchedulingBackend:
    """An embedded store in memory."""
    return EmbeddedBackend(":memory:", tz="Europe/Paris", clock=clock)


def make_rest(clock: FixedClock, tmp_path: Path) -> SchedulingBackend:
    """A REST backend on the real FHIR server at FHIR_BASE_URL."""
    return RestBackend(os.environ["FHIR_BASE_URL"], tz="Europe/Paris", clock=clock)


BACKEND_FACTORIES: dict[str, BackendFactory] = {
    "embedded": make_embedded,
    "embedded-memory": make_embedded_memory,
}
if os.environ.get("FHIR_BASE_URL"):  # .ci/run always starts a server and sets it
    BACKEND_FACTORIES["rest"] = make_rest


@pytest.fixture(params=sorted(BACKEND_FACTORIES))
async def backend(
    request: pytest.FixtureRequest, clock: FixedClock, tmp_path: Path
) -> AsyncIterator[SchedulingBackend]:
    """A backend of each registered kind, closed after the test."""
    instance = BACKEND_FACTORIES[request.param](clock, tmp_path)
    try:
        yield instance
    finally:
        await instance.close()


@pytest.fixture
async def clinic(backend: SchedulingBackend) -> FixtureClinic:
    """The fixture clinic, seeded into ``backend`` under a fresh tag."""
    seeded, resources = build_clinic()
    await backend.put_resources(resources)
    return seeded
