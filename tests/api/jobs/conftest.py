"""Fixtures of the job tests."""

from __future__ import annotations

import pytest

from fhir_adapters.clock import FixedClock
from tests.fakes.outbound import WORKDAY


@pytest.fixture
def now() -> FixedClock:
    """Monday 23 November 2026, 10:00 in Paris: working hours, not quiet."""
    return FixedClock(WORKDAY)
