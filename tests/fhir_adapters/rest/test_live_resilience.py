"""Against the real FHIR server: races and an unreliable network never double-book.

* Many concurrent bookings of few slots end with exactly one Appointment per slot, with
  transactions and with the guarded sequence used where a server has none.
* Behind a proxy that answers 503 half the time (sometimes before, sometimes after the
  server applied the request), every booking ends booked exactly once or cleanly refused.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import SchedulingError, SlotTakenError
from fhir_adapters.queries import Actor, BookingRequest
from fhir_adapters.rest import RestBackend, RetryPolicy
from fhir_adapters.rest.records import IDEMPOTENCY_SYSTEM
from tests.conftest import PRACTICE_TZ
from tests.fhir_adapters.rest.clinic import NO_TRANSACTIONS, MiniClinic, seed_mini_clinic

pytestmark = pytest.mark.fhir_server


async def _no_sleep(_: float) -> None:
    return None


async def _appointments_by_slot(backend: RestBackend, slot_ids: list[str]) -> dict[str, int]:
    counts = {}
    for slot_id in slot_ids:
        views = await backend.list_appointments(slot_id=slot_id, statuses=("booked",))
        counts[slot_id] = len(views)
    return counts


async def _slot_status(backend: RestBackend, slot_id: str) -> str:
    response = await backend.client.request("GET", f"Slot/{slot_id}")
    return str((response.body or {}).get("status"))


@pytest.mark.parametrize("vendor", ["generic", NO_TRANSACTIONS], ids=["transaction", "guarded"])
async def test_a_booking_race_leaves_exactly_one_appointment_per_slot(
    fhir_base_url: str, clock: FixedClock, vendor: Any
) -> None:
    backend = RestBackend(
        fhir_base_url, tz=PRACTICE_TZ, clock=clock, vendor=vendor, sleep=_no_sleep
    )
    try:
        clinic = await seed_mini_clinic(backend, clock.now(), slots=4, patients=5)
        attempts = [
            BookingRequest(
                slot_id=clinic.slot_ids[i % 4],
                patient_id=clinic.patient_ids[i % 5],
                idempotency_key=f"{clinic.prefix}-race-{i}",
            )
            for i in range(40)
        ]
        results = await asyncio.gather(*(backend.book(a) for a in attempts), return_exceptions=True)
        winners = [r for r in results if not isinstance(r, BaseException)]
        losers = [r for r in results if isinstance(r, BaseException)]
        assert len(winners) == 4
        assert all(isinstance(e, SlotTakenError) for e in losers), losers
        assert await _appointments_by_slot(backend, clinic.slot_ids) == dict.fromkeys(
            clinic.slot_ids, 1
        )
        assert {await _slot_status(backend, s) for s in clinic.slot_ids} == {"busy"}
    finally:
        await backend.close()


class FlakyProxy:
    """Forwards to the real server, but answers 503 half the time: either instead of
    forwarding (nothing happened) or after forwarding (it happened; the answer is lost)."""

    def __init__(self, upstream: httpx.AsyncClient, seed: int) -> None:
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.dropped_before = 0
        self.lost_after = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        roll = self.rng.random()
        if roll < 0.25:
            self.dropped_before += 1
            return httpx.Response(503)
        forwarded = await self.upstream.send(
            self.upstream.build_request(
                request.method, request.url, headers=request.headers, content=request.content
            )
        )
        await forwarded.aread()
        if roll < 0.5:
            self.lost_after += 1
            return httpx.Response(503)
        return httpx.Response(
            forwarded.status_code, headers=forwarded.headers, content=forwarded.content
        )


@pytest.mark.parametrize("vendor", ["generic", NO_TRANSACTIONS], ids=["transaction", "guarded"])
async def test_half_503_ends_every_booking_booked_once_or_cleanly_refused(
    fhir_base_url: str, clock: FixedClock, vendor: Any
) -> None:
    reliable = RestBackend(fhir_base_url, tz=PRACTICE_TZ, clock=clock, sleep=_no_sleep)
    upstream = httpx.AsyncClient()
    proxy = FlakyProxy(upstream, seed=7)
    flaky = RestBackend(
        fhir_base_url,
        tz=PRACTICE_TZ,
        clock=clock,
        vendor=vendor,
        http=httpx.AsyncClient(transport=httpx.MockTransport(proxy)),
        retry=RetryPolicy(attempts=4),
        sleep=_no_sleep,
    )
    try:
        clinic: MiniClinic = await seed_mini_clinic(reliable, clock.now(), slots=6, patients=3)
        outcomes: dict[str, Any] = {}
        for i in range(24):  # sequential: the seeded proxy makes the run reproducible
            request = BookingRequest(
                slot_id=clinic.slot_ids[i % 6],
                patient_id=clinic.patient_ids[i % 3],
                idempotency_key=f"{clinic.prefix}-flaky-{i}",
            )
            try:
                outcomes[request.idempotency_key] = (request, await flaky.book(request))
            except SchedulingError as exc:
                outcomes[request.idempotency_key] = (request, exc)
        assert proxy.dropped_before > 0 and proxy.lost_after > 0

        booked_slots: list[str] = []
        for key, (request, result) in outcomes.items():
            stored = await reliable.client.request(
                "GET", "Appointment", params={"identifier": f"{IDEMPOTENCY_SYSTEM}|{key}"}
            )
            found = [e["resource"] for e in (stored.body or {}).get("entry") or []]
            if isinstance(result, SchedulingError):
                assert found == [], f"{key} was refused but exists"
            else:
                assert [a["id"] for a in found] == [result.id], f"{key} not stored exactly once"
                booked_slots.append(request.slot_id)
        assert booked_slots, "the proxy refused everything: the test proves nothing"
        counts = await _appointments_by_slot(reliable, clinic.slot_ids)
        assert all(counts[s] == (1 if s in booked_slots else 0) for s in clinic.slot_ids), counts
        for slot_id in clinic.slot_ids:
            expected = "busy" if slot_id in booked_slots else "free"
            assert await _slot_status(reliable, slot_id) == expected
    finally:
        await flaky.close()
        await upstream.aclose()
        await reliable.close()


async def test_cancelling_again_frees_a_slot_an_interrupted_guarded_cancel_left_busy(
    fhir_base_url: str, clock: FixedClock
) -> None:
    backend = RestBackend(
        fhir_base_url, tz=PRACTICE_TZ, clock=clock, vendor=NO_TRANSACTIONS, sleep=_no_sleep
    )
    try:
        clinic = await seed_mini_clinic(backend, clock.now(), slots=2, patients=1)
        request = BookingRequest(
            slot_id=clinic.slot_ids[0],
            patient_id=clinic.patient_ids[0],
            idempotency_key=f"{clinic.prefix}-interrupted",
        )
        appointment = await backend.book(request)
        # The first write of a guarded cancel went through; the process died before the second.
        body = appointment.model_dump(mode="json", exclude_none=True)
        await backend.client.request(
            "PUT",
            f"Appointment/{appointment.id}",
            json={**{k: v for k, v in body.items() if k != "meta"}, "status": "cancelled"},
        )
        assert await _slot_status(backend, clinic.slot_ids[0]) == "busy"
        again = await backend.cancel(str(appointment.id), patient_id=None, actor=Actor())
        assert again.status == "cancelled"
        assert await _slot_status(backend, clinic.slot_ids[0]) == "free"
    finally:
        await backend.close()


@pytest.mark.parametrize("vendor", ["generic", NO_TRANSACTIONS], ids=["transaction", "guarded"])
@pytest.mark.parametrize("seed", [4, 8])
async def test_half_503_never_loses_a_visit_in_a_reschedule_or_leaves_a_slot_wrong(
    fhir_base_url: str, clock: FixedClock, vendor: Any, seed: int
) -> None:
    reliable = RestBackend(fhir_base_url, tz=PRACTICE_TZ, clock=clock, sleep=_no_sleep)
    upstream = httpx.AsyncClient()
    flaky = RestBackend(
        fhir_base_url,
        tz=PRACTICE_TZ,
        clock=clock,
        vendor=vendor,
        http=httpx.AsyncClient(transport=httpx.MockTransport(FlakyProxy(upstream, seed))),
        retry=RetryPolicy(attempts=4),
        sleep=_no_sleep,
    )
    try:
        clinic = await seed_mini_clinic(reliable, clock.now(), slots=8, patients=1)
        patient = clinic.patient_ids[0]
        booked = [
            await reliable.book(
                BookingRequest(
                    slot_id=clinic.slot_ids[i],
                    patient_id=patient,
                    idempotency_key=f"{clinic.prefix}-b{i}",
                )
            )
            for i in range(4)
        ]
        for j, old in enumerate(booked):
            key = f"{clinic.prefix}-move{j}"
            try:
                if j % 2:
                    await flaky.cancel(str(old.id), patient_id=patient, actor=Actor())
                else:
                    await flaky.reschedule(
                        str(old.id),
                        BookingRequest(
                            slot_id=clinic.slot_ids[4 + j], patient_id=patient, idempotency_key=key
                        ),
                    )
            except SchedulingError:
                pass
            old_now = await reliable.list_appointments(slot_id=clinic.slot_ids[j])
            moved = await reliable.list_appointments(
                slot_id=clinic.slot_ids[4 + j], statuses=("booked",)
            )
            if j % 2 == 0:  # a reschedule: exactly one of the two visits is in effect
                assert (old_now[0].appointment.status == "booked") != (len(moved) == 1)
        for slot_id in clinic.slot_ids:
            holders = await reliable.list_appointments(slot_id=slot_id, statuses=("booked",))
            assert len(holders) <= 1
            assert (await _slot_status(reliable, slot_id) == "busy") == (len(holders) == 1)
    finally:
        await flaky.close()
        await upstream.aclose()
        await reliable.close()
