"""Fixtures shared by the whole suite (each area keeps its own in its folder's conftest.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from fhir_adapters.clock import FixedClock

PRACTICE_TZ = "Europe/Paris"


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2026-11-23 08:00 in Paris: a fixed, reproducible 'now'."""
    return FixedClock(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo(PRACTICE_TZ)))
