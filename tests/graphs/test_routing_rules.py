"""The practice's routing rules: what the agent books itself and what goes to a human."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import BookingRequest, SlotQuery
from fhir_adapters.resources import ref_id
from tests.graphs.talk import Call


@pytest.mark.parametrize(
    ("language", "ask", "me"),
    [
        (
            "en",
            "I'd like an appointment with a dermatologist",
            "Michael Brown, born 25 August 1972",
        ),
        (
            "fr",
            "Je voudrais un rendez-vous chez la dermatologue",
            "Michael Brown, né le 25 août 1972",
        ),
    ],
)
async def test_a_first_dermatology_visit_goes_to_staff(
    call: Call, backend: EmbeddedBackend, language: str, ask: str, me: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    await call.say(ask)
    result = await call.say(me)
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


@pytest.mark.parametrize(
    ("language", "ask", "me"),
    [
        (
            "fr",
            "Je voudrais prendre rendez-vous pour un bilan de santé",
            "Chloé Nguyen, née le 5 décembre 1995",
        ),
        ("en", "I'd like to book a check-up", "Chloé Nguyen, born 5 December 1995"),
    ],
)
async def test_a_human_only_visit_type_goes_to_staff(
    call: Call, backend: EmbeddedBackend, language: str, ask: str, me: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    await call.say(ask)
    result = await call.say(me)
    assert result.handed_off, call.transcript()
    [task] = await backend.list_tasks(code="handoff")
    assert "reason=service_needs_staff" in str(task.description)


@pytest.mark.parametrize(
    ("language", "lines", "refused"),
    [
        (
            "en",
            (
                "I'm a new patient, I'd like to see Dr Martin",
                "Paul Lemaire, born 2 April 1985",
                "yes",
            ),
            "not taking new patients",
        ),
        (
            "fr",
            (
                "Je suis un nouveau patient, je voudrais voir le docteur Martin",
                "Paul Lemaire, né le 2 avril 1985",
                "oui",
            ),
            "ne prend pas de nouveaux patients",
        ),
    ],
)
async def test_new_patients_only_see_practitioners_who_accept_them(
    call: Call, language: str, lines: tuple[str, ...], refused: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    result = await call.say(*lines)
    assert refused in result.reply, call.transcript()
    assert result.options
    assert {o.practitioner_id for o in result.options} <= {"pract-dubois", "pract-obrien"}
    await call.say("the first one" if language == "en" else "le premier")
    await call.say("yes" if language == "en" else "oui")
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


@pytest.mark.parametrize(
    ("language", "lines", "wider", "promise"),
    [
        (
            "en",
            ("I'd like to see Dr Martin on Sunday", "Chloé Nguyen, born 5 December 1995"),
            "more widely",
            "call you back",
        ),
        (
            "fr",
            ("Je voudrais voir le docteur Martin dimanche", "Chloé Nguyen, née le 5 décembre 1995"),
            "plus largement",
            "rappeler",
        ),
    ],
)
async def test_no_slot_offers_a_wider_search_then_a_callback(
    call: Call,
    backend: EmbeddedBackend,
    language: str,
    lines: tuple[str, ...],
    wider: str,
    promise: str,
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    asked = await call.say(*lines)
    assert asked.expecting == "slot_preferences", call.transcript()
    assert wider in asked.reply
    result = await call.say("no" if language == "en" else "non")
    [task] = call.events("task")
    assert task["code"] == "callback"
    [stored] = await backend.list_tasks(code="callback")
    assert stored.for_fhir is not None and stored.for_fhir.reference == "Patient/pat-0009"
    assert promise in result.reply


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


@pytest.mark.parametrize(
    ("language", "lines", "yes"),
    [
        (
            "en",
            (
                "I'd like to see Dr Martin on Sunday 29 November",
                "Chloé Nguyen, born 5 December 1995",
            ),
            "yes",
        ),
        (
            "fr",
            (
                "Je voudrais voir le docteur Martin le dimanche 29 novembre",
                "Chloé Nguyen, née le 5 décembre 1995",
            ),
            "oui",
        ),
    ],
)
async def test_a_wider_search_stays_around_the_day_asked_for(
    call: Call, language: str, lines: tuple[str, ...], yes: str
) -> None:
    # Nothing on that Sunday; "more widely" means that week or the next, not tomorrow morning.
    await call.start(language=language)  # type: ignore[arg-type]
    await call.say(*lines)
    result = await call.say(yes)
    assert result.options, call.transcript()
    days = {o.start[:10] for o in result.options}
    assert all("2026-11-26" <= day <= "2026-12-06" for day in days), (days, call.transcript())
    assert {o.practitioner_id for o in result.options} == {"pract-martin"}
