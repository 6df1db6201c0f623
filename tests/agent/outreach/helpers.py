"""Booking straight into the store and bringing a reminder to the patient's phone."""

from __future__ import annotations

from datetime import timedelta

from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.resources import Patient
from tests.fakes.outbound import Rig


async def book(
    rig: Rig, patient_id: str, *, days: int = 3, index: int = 0, run: bool = True
) -> tuple[str, str]:
    """Book a free slot ``days`` ahead for ``patient_id``, as a channel would, and tell the
    outreach service (its job is run unless ``run`` is False); returns (appointment, slot)."""
    start = rig.clock.now() + timedelta(days=days)
    slots = await rig.backend.find_slots(SlotQuery(start=start, limit=index + 1))
    slot = slots[index]
    appointment = await rig.backend.book(
        BookingRequest(
            slot_id=slot.slot_id,
            patient_id=patient_id,
            idempotency_key=f"test-{patient_id}-{slot.slot_id}",
            actor=Actor(name="test"),
        )
    )
    job = rig.outreach.event_job("booked", {"appointment_id": str(appointment.id)})
    await rig.queue.enqueue([job])
    if run:
        await rig.run_due()
    return str(appointment.id), slot.slot_id


async def phone(rig: Rig, patient_id: str) -> str:
    """The patient's phone as written in the record."""
    return str((await rig.backend.get(Patient, patient_id)).telecom[0].value)


async def remind(rig: Rig, appointment_id: str) -> None:
    """Move the clock to the first reminder of ``appointment_id`` and run what is due."""
    found = (
        rig.queue._conn()
        .execute("SELECT MIN(run_at) FROM job WHERE key LIKE ?", (f"reminder:{appointment_id}:%",))
        .fetchone()[0]
    )
    assert found is not None, "no reminder planned"
    from datetime import UTC, datetime

    rig.clock.set(datetime.fromtimestamp(found, UTC))
    await rig.run_due()
