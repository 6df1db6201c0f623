"""The practice's routing rules: what the agent books itself and what goes to a human."""

from __future__ import annotations

from datetime import timedelta

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import BookingRequest, SlotQuery
from fhir_adapters.resources import ref_id
from tests.graphs.talk import Call


async def test_a_first_dermatology_visit_goes_to_staff(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like an appointment with a dermatologist")
    result = await call.say("Michael Brown, born 25 August 1972")
    assert result.handed_off, call.transcript()
    [task] = await backend.list_tasks(code="handoff")
    assert "reason=first_visit" in str(task.description)
    assert task.priority == "routine"
    assert await backend.list_appointments(patient_id="pat-0008", statuses=["booked"]) == []


async def test_a_known_dermatology_patient_books_herself(call: Call) -> None:
    await call.start(language="en")
    await call.say("I'd like another appointment with the dermatologist")
    result = await call.say("Sarah Johnson, born 17 February 1990")
    assert not result.handed_off, call.transcript()
    if result.expecting == "slot_preferences":
        result = await call.say("as soon as possible")
    assert {o.practitioner_id for o in result.options} == {"pract-carter"}


async def test_a_human_only_visit_type_goes_to_staff(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais prendre rendez-vous pour un bilan de santé")
    result = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    assert result.handed_off, call.transcript()
    [task] = await backend.list_tasks(code="handoff")
    assert "reason=service_needs_staff" in str(task.description)


async def test_new_patients_only_see_practitioners_who_accept_them(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'm a new patient, I'd like to see Dr Martin")
    await call.say("Paul Lemaire, born 2 April 1985")
    result = await call.say("yes")
    assert "not taking new patients" in result.reply, call.transcript()
    assert result.options
    assert {o.practitioner_id for o in result.options} <= {"pract-dubois", "pract-obrien"}
    await call.say("the first one")
    await call.say("yes")
    [booked] = call.events("booked")
    assert booked["slot_id"] == result.options[0].slot_id


async def test_same_doctor_as_last_time(
    call: Call, backend: EmbeddedBackend, clock: FixedClock
) -> None:
    [past] = await backend.find_slots(
        SlotQuery(practitioner_ids=("pract-obrien",), start=clock.now(), limit=1)
    )
    await backend.book(
        BookingRequest(slot_id=past.slot_id, patient_id="pat-0010", idempotency_key="visit-past-1")
    )
    clock.advance(timedelta(days=1))
    await call.start(language="fr")
    await call.say("Je voudrais un rendez-vous avec le même médecin que la dernière fois")
    result = await call.say("Marguerite Rousseau, née le 19 juin 1941")
    assert result.options, call.transcript()
    assert {o.practitioner_id for o in result.options} == {"pract-obrien"}


async def test_no_slot_offers_a_wider_search_then_a_callback(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like to see Dr Martin on Sunday")
    wider = await call.say("Chloé Nguyen, born 5 December 1995")
    assert wider.expecting == "slot_preferences", call.transcript()
    assert "more widely" in wider.reply
    result = await call.say("no")
    [task] = call.events("task")
    assert task["code"] == "callback"
    [stored] = await backend.list_tasks(code="callback")
    assert stored.for_fhir is not None and stored.for_fhir.reference == "Patient/pat-0009"
    assert "call you back" in result.reply


async def test_a_wider_search_when_the_caller_agrees(call: Call) -> None:
    await call.start(language="en")
    await call.say("I'd like to see Dr Martin on Sunday")
    await call.say("Chloé Nguyen, born 5 December 1995")
    result = await call.say("yes please")
    assert result.options, call.transcript()
    assert {o.practitioner_id for o in result.options} == {"pract-martin"}


async def test_options_are_only_free_slots(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("I'd like to book with Dr Martin")
    result = await call.say("Jean Dupont, born 14 March 1958")
    booked = await backend.list_appointments(statuses=["booked"], limit=1000)
    busy = {ref_id(v.appointment.slot[0], "Slot") for v in booked}
    assert result.options
    assert not busy & {o.slot_id for o in result.options}
