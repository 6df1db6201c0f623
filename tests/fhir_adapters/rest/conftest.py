"""Fixtures of the REST-backend tests: a MockTransport harness and, when FHIR_BASE_URL is set,
a real FHIR server (the only place that reads it: tests, never product code)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.rest import RestBackend
from tests.conftest import PRACTICE_TZ
from tests.fhir_adapters.rest.clinic import NO_TRANSACTIONS, MiniClinic, seed_mini_clinic


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


async def _no_sleep(_: float) -> None:
    return None


@pytest.fixture(params=["transaction", "guarded"])
async def live_backend(
    request: pytest.FixtureRequest, fhir_base_url: str, clock: FixedClock
) -> AsyncIterator[RestBackend]:
    """A RestBackend on the real server (retries do not wait), with and without transactions."""
    vendor = NO_TRANSACTIONS if request.param == "guarded" else "generic"
    backend = RestBackend(
        fhir_base_url, tz=PRACTICE_TZ, clock=clock, vendor=vendor, sleep=_no_sleep
    )
    yield backend
    await backend.close()


@pytest.fixture
async def clinic(live_backend: RestBackend, clock: FixedClock) -> MiniClinic:
    """A tiny practice with its own unique ids, seeded into the real server."""
    return await seed_mini_clinic(live_backend, clock.now())
