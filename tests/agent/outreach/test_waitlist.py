"""The waitlist: a freed slot offered to the waiting patients; the first yes wins."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from agent.outreach.status import waitlist
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Patient, Slot
from tests.agent.outreach.helpers import book
from tests.fakes.outbound import Rig

WAITING = [f"pat-{n:04d}" for n in range(10, 30)]  # 20 patients


async def free_a_slot(rig: Rig) -> tuple[str, str]:
    appointment_id, slot_id = await book(rig, "pat-0005", days=2)
    for patient in WAITING:
        await rig.outreach.waitlist.join(patient)
    await rig.backend.cancel(appointment_id, patient_id=None, actor=Actor(name="ehr"))
    # A cancellation made directly in the EHR is seen by the next sync.
    await rig.outreach.handle(rig.outreach.periodic_jobs(rig.clock.now(), 300)[0])
    await rig.run_due()
    return appointment_id, slot_id


async def test_a_cancellation_in_the_ehr_offers_the_slot_to_the_waiting_patients(
    rig: Rig,
) -> None:
    _, slot_id = await free_a_slot(rig)
    offers = rig.sent("waitlist-offer")
    assert len(offers) == 20
    assert all(("OUI" in m.body or "YES" in m.body) and "15 minutes" in m.body for m in offers)
    assert {m.language for m in offers} == {"fr", "en"}  # each in the patient's language
    slot = await rig.backend.get(Slot, slot_id)
    assert slot.status == "busy-tentative"  # held for them
    entries = await waitlist(rig.backend)
    assert len(entries) == 20 and all(e.offers == 1 for e in entries)


async def test_twenty_yeses_at_once_book_exactly_one_and_tell_the_others(rig: Rig) -> None:
    _, slot_id = await free_a_slot(rig)
    phones = {p: str((await rig.backend.get(Patient, p)).telecom[0].value) for p in WAITING}
    results = await asyncio.gather(
        *(
            rig.outreach.inbox.receive(phone=phones[p], text="Oui !", message_id=f"SM-w-{p}")
            for p in WAITING
        )
    )
    for result in results:
        for reply in result.replies:
            await rig.outreach.sender.deliver(reply)
    booked = await rig.backend.list_appointments(slot_id=slot_id, statuses=["booked"])
    assert len(booked) == 1
    winner = next(r.patient_id for r in results if any("réservé" in m.body for m in r.replies))
    assert f"Patient/{winner}" in [
        p.actor.reference for p in booked[0].appointment.participant if p.actor
    ]
    assert (await rig.backend.get(Slot, slot_id)).status == "busy"
    gone = rig.sent("waitlist-gone")
    assert sorted(m.to for m in gone) == sorted(v for k, v in phones.items() if k != winner)
    assert len(gone) == 19  # each loser told once, though both paths tried
    remaining = await waitlist(rig.backend)
    assert len(remaining) == 19 and winner not in {e.patient_id for e in remaining}


async def test_no_yes_in_time_releases_the_hold_and_offers_nobody_twice(rig: Rig) -> None:
    _, slot_id = await free_a_slot(rig)
    rig.clock.advance(timedelta(minutes=16))
    await rig.run_due()
    slot = await rig.backend.get(Slot, slot_id)
    assert slot.status == "free"
    assert len(rig.sent("waitlist-offer")) == 20  # everybody was offered it already


async def test_a_late_yes_after_someone_else_booked_is_told_it_is_gone(rig: Rig) -> None:
    _, slot_id = await free_a_slot(rig)
    first, late = WAITING[0], WAITING[1]
    phone_first = str((await rig.backend.get(Patient, first)).telecom[0].value)
    phone_late = str((await rig.backend.get(Patient, late)).telecom[0].value)
    won = await rig.outreach.inbox.receive(phone=phone_first, text="oui", message_id="SM-1")
    assert any("réservé" in m.body or "booked" in m.body for m in won.replies)
    lost = await rig.outreach.inbox.receive(phone=phone_late, text="oui", message_id="SM-2")
    assert [m.kind for m in lost.replies] in (["waitlist-gone"], [])
    assert len(await rig.backend.list_appointments(slot_id=slot_id, statuses=["booked"])) == 1
