"""A store locked by another writer for too long gives a clear, typed error."""

from __future__ import annotations

import sqlite3
from datetime import time
from pathlib import Path

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import BackendUnavailableError
from fhir_adapters.resources import Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking


async def test_a_write_blocked_past_the_timeout_is_backend_unavailable(
    store: EmbeddedBackend, clinic: FixtureClinic, store_path: Path, clock: FixedClock
) -> None:
    impatient = EmbeddedBackend(store_path, tz="Europe/Paris", clock=clock, busy_timeout_s=0.05)
    blocker = sqlite3.connect(store_path, isolation_level=None)
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(BackendUnavailableError) as error:
            await impatient.book(booking(slot_id, clinic.alice_id))
        assert "sqlite" not in str(error.value)  # diagnostics stay in .detail
        blocker.execute("ROLLBACK")

        assert (await impatient.get(Slot, slot_id)).status == "free"
        assert (await impatient.book(booking(slot_id, clinic.alice_id))).status == "booked"
    finally:
        blocker.close()
        await impatient.close()


async def test_a_closed_store_refuses_work(store: EmbeddedBackend) -> None:
    await store.close()

    with pytest.raises(BackendUnavailableError):
        await store.find_practitioners("martin")
