"""Fixtures of the REST-backend tests: a MockTransport harness and, when FHIR_BASE_URL is set,
a real FHIR server (``fhir_base_url``, from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.rest import RestBackend
from tests.conftest import PRACTICE_TZ
from tests.fhir_adapters.rest.clinic import NO_TRANSACTIONS, MiniClinic, seed_mini_clinic


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
