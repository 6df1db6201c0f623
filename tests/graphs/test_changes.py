"""Cancelling, moving and checking appointments, in both languages, with both brains."""

from __future__ import annotations

from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import BookingRequest
from fhir_adapters.resources import Appointment, Slot, ref_id
from tests.graphs.talk import Call


async def upcoming(backend: EmbeddedBackend, patient_id: str) -> list[Appointment]:
    views = await backend.list_appointments(
        patient_id=patient_id, statuses=["booked"], upcoming_only=True
    )
    return [v.appointment for v in views]


async def test_cancel_in_french(call: Call, backend: EmbeddedBackend) -> None:
    [before] = await upcoming(backend, "pat-0001")
    await call.start(language="fr")
    await call.say("Bonjour, je voudrais annuler mon rendez-vous")
    readback = await call.say("Jean Dupont, né le 14 mars 1958")
    assert readback.expecting == "confirm", call.transcript()
    assert "jeudi 26 novembre" in readback.reply
    assert await upcoming(backend, "pat-0001") != []
    done = await call.say("oui")
    assert [e.kind for e in done.events] == ["cancelled"]
    assert await upcoming(backend, "pat-0001") == []
    cancelled = await backend.get(Appointment, str(before.id))
    assert cancelled.status == "cancelled"
    slot = await backend.get(Slot, str(ref_id(before.slot[0], "Slot")))
    assert slot.status == "free"


async def test_a_no_keeps_the_appointment(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("I need to cancel my appointment")
    await call.say("Jean Dupont, born 14 March 1958")
    kept = await call.say("no, actually keep it")
    assert kept.expecting == "anything_else", call.transcript()
    assert len(await upcoming(backend, "pat-0001")) == 1


async def test_reschedule_in_english(call: Call, backend: EmbeddedBackend) -> None:
    [before] = await upcoming(backend, "pat-0006")
    await call.start(language="en")
    await call.say("Hi, I need to move my appointment")
    when = await call.say("Sarah Johnson, born 17 February 1990")
    assert when.expecting == "slot_preferences", call.transcript()
    offer = await call.say("Thursday please")
    assert offer.options, call.transcript()
    assert {o.practitioner_id for o in offer.options} == {"pract-carter"}
    assert all(o.start.startswith("2026-11-26") for o in offer.options)
    await call.say("the second one")
    done = await call.say("yes")
    [event] = call.events("rescheduled")
    assert event["previous_appointment_id"] == before.id
    [after] = await upcoming(backend, "pat-0006")
    assert ref_id(after.slot[0], "Slot") == offer.options[1].slot_id
    assert (await backend.get(Appointment, str(before.id))).status == "cancelled"
    assert done.expecting == "anything_else"


async def test_reschedule_in_french_choosing_among_two_appointments(
    call: Call, backend: EmbeddedBackend
) -> None:
    free = await backend.find_slots(
        __import__("fhir_adapters.queries", fromlist=["SlotQuery"]).SlotQuery(
            practitioner_ids=("pract-obrien",), limit=1
        )
    )
    await backend.book(
        BookingRequest(slot_id=free[0].slot_id, patient_id="pat-0001", idempotency_key="second-1")
    )
    await call.start(language="fr")
    await call.say("je voudrais déplacer mon rendez-vous")
    which = await call.say("Jean Dupont, né le 14 mars 1958")
    assert which.expecting == "appointment_choice", call.transcript()
    when = await call.say("le deuxième")
    assert when.expecting == "slot_preferences", call.transcript()
    offer = await call.say("la semaine prochaine")
    assert offer.options
    await call.say("le premier")
    await call.say("oui")
    assert call.events("rescheduled"), call.transcript()
    slots = {ref_id(a.slot[0], "Slot") for a in await upcoming(backend, "pat-0001")}
    assert offer.options[0].slot_id in slots
    assert len(slots) == 2


async def test_check_appointments_in_both_languages(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("Can you confirm my appointment?")
    result = await call.say("Lucas Bernard, born 8 September 2014")
    assert "Monday 30 November" in result.reply, call.transcript()
    assert "Dr Antoine Roux" in result.reply
    fr = Call(call.engine, "fr-check")
    await fr.start(language="fr")
    await fr.say("Je voudrais vérifier mon rendez-vous")
    result = await fr.say("Sarah Johnson, née le 17 février 1990")
    assert "mardi 24 novembre à 14 h" in result.reply


async def test_cancel_in_english(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("Hello, I can't make it, I need to cancel my appointment")
    readback = await call.say("Sarah Johnson, born 17 February 1990")
    assert "Tuesday 24 November at 14:00" in readback.reply, call.transcript()
    done = await call.say("yes please")
    assert [e.kind for e in done.events] == ["cancelled"]
    assert await upcoming(backend, "pat-0006") == []
