"""Scenarios on a FHIR server: each on a clean practice, or refused when it cannot be.

A FHIR server keeps what every scenario wrote, so scenarios sharing one would contaminate
each other (a "new patient" finding the record an earlier call created). The practice is
seeded once per server; with isolation each scenario's writes are undone afterwards
(``evals.rollback``), and several servers (one per worker) replay in parallel. A scenario
whose clock falls outside the seeded calendar is refused with a clear error instead of
measuring another calendar without a word.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from evals.fixtures import fixture_start
from evals.scenario import Scenario
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.demo import is_seeded, seed_demo_clinic
from fhir_adapters.queries import SlotQuery

log = logging.getLogger(__name__)
NEEDED_AHEAD = timedelta(days=7)
"""A scenario needs at least this much seeded calendar after its clock."""


class SeededWindowError(RuntimeError):
    """The server's practice does not cover the scenario's clock."""


def _coding(scenario: Scenario) -> Any:
    return "standard" if scenario.clinic.fixture == "standard" else "demo"


async def seed_for(backend: SchedulingBackend, scenario: Scenario, tz: str) -> None:
    """Seed the scenario's practice into an empty server."""
    await seed_demo_clinic(
        backend,
        seed=scenario.clinic.seed,
        tz=tz,
        start=fixture_start(scenario),
        weeks=scenario.clinic.weeks,
        coding=_coding(scenario),
    )


async def check_covers(backend: SchedulingBackend, scenario: Scenario) -> None:
    """Raise SeededWindowError unless the practice has free slots in the week after the
    scenario's clock (the backend's clock is the scenario's)."""
    clock = scenario.clock
    found = await backend.find_slots(SlotQuery(start=clock, end=clock + NEEDED_AHEAD, limit=1))
    if not found:
        raise SeededWindowError(
            f"the server's practice has no free slot from {clock:%Y-%m-%d %H:%M} to "
            f"{clock + NEEDED_AHEAD:%Y-%m-%d}: it was seeded for another calendar. Reset "
            "the server, or seed it for the scenario's dates."
        )


async def prepare(backend: SchedulingBackend, scenario: Scenario, *, tz: str) -> None:
    """Make ``backend`` hold the scenario's practice (seeded when absent), or raise
    SeededWindowError when the practice it holds was seeded for another calendar."""
    if not await is_seeded(backend, _coding(scenario)):
        await seed_for(backend, scenario, tz)
    await check_covers(backend, scenario)
