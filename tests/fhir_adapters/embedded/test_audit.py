"""Every write of the embedded store leaves an AuditEvent naming who, what and when."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import SlotInPastError
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Slot
from tests.fhir_adapters.contract.clinic import FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking

ACTOR = Actor(name="front-desk-bot", conversation_id="conv-42")


def _what(event) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e.what.reference) for e in event.entity or [] if e.what]


def _operation(event) -> str:  # type: ignore[no-untyped-def]
    return next(c.code for c in event.subtype if c.system == "https://frontdesk.dev/operation")


async def test_each_workflow_step_is_audited_in_order(
    store: EmbeddedBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    slot_id = clinic.slot(clinic.gp_id, 1, time(9, 0))
    hold = await store.hold_slot(slot_id, actor=ACTOR)
    clock.advance(timedelta(seconds=30))
    appointment = await store.book(
        booking(slot_id, clinic.alice_id, hold_token=hold.token).model_copy(update={"actor": ACTOR})
    )
    await store.cancel(str(appointment.id), patient_id=clinic.alice_id, actor=ACTOR)

    cancel_event, book_event, hold_event = await store.list_audit_events(limit=3)
    assert [_operation(e) for e in (hold_event, book_event, cancel_event)] == [
        "hold",
        "book",
        "cancel",
    ]
    assert _what(hold_event) == [f"Slot/{slot_id}"]
    assert sorted(_what(book_event)) == sorted([f"Appointment/{appointment.id}", f"Slot/{slot_id}"])
    assert book_event.action == "C" and cancel_event.action == "U"
    assert book_event.agent[0].altId == "conv-42"
    assert book_event.recorded == clock.now()
    assert hold_event.recorded < book_event.recorded


async def test_a_refused_booking_writes_nothing_not_even_an_audit(
    store: EmbeddedBackend, clinic: FixtureClinic
) -> None:
    before = await store.list_audit_events(limit=1000)
    past = clinic.slot(clinic.gp_id, 0, time(7, 30))
    with pytest.raises(SlotInPastError):
        await store.book(booking(past, clinic.alice_id))

    assert len(await store.list_audit_events(limit=1000)) == len(before)
    assert (await store.get(Slot, past)).status == "free"
