"""Identification: name and birth date, homonyms told apart, new patients registered only
when the practice allows it, and nothing about appointments before the caller is known."""

from __future__ import annotations

from datetime import date

from agent.clinic import ClinicConfig
from agent.understanding import Brain
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import Actor, PatientQuery
from fhir_adapters.resources import ContactPoint, HumanName, Patient
from graphs.engine import Engine
from tests.graphs.talk import Call


async def test_homonyms_are_told_apart_by_birth_date(call: Call) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais vérifier mon rendez-vous")
    asked = await call.say("Jean Dupont")
    assert asked.expecting == "identity"
    assert "date de naissance" in asked.reply
    result = await call.say("le 14 mars 1958")
    assert "jeudi 26 novembre" in result.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0001"


async def test_same_name_and_birth_date_asks_for_the_phone(
    call: Call, backend: EmbeddedBackend
) -> None:
    twin = Patient(
        name=[HumanName(family="Dupont", given=["Jean"])],
        birthDate=date(1958, 3, 14),
        telecom=[ContactPoint(system="phone", value="+33612009999")],
    )
    await backend.create_patient(twin, actor=Actor(name="test"))
    await call.start(language="en")
    await call.say("I'd like to check my appointment")
    asked = await call.say("Jean Dupont, born 14 March 1958")
    assert asked.expecting == "identity"
    assert "phone" in asked.reply
    result = await call.say("my number is 06 12 00 00 01")
    assert "Thursday 26 November" in result.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0001"


async def test_a_new_patient_is_registered_after_a_read_back(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr", caller_phone="+33612345678")
    await call.say("Bonjour, je suis un nouveau patient et je voudrais un rendez-vous")
    offer = await call.say("Paul Lemaire, né le 2 avril 1985")
    assert offer.expecting == "new_patient", call.transcript()
    assert "2 avril 1985" in offer.reply
    assert await backend.find_patients(PatientQuery(family="Lemaire")) == []
    result = await call.say("oui")
    [registered] = call.events("patient_registered")
    [patient] = await backend.find_patients(PatientQuery(family="Lemaire", given="Paul"))
    assert registered["patient_id"] == patient.id
    assert str(patient.birthDate) == "1985-04-02"
    assert result.expecting in ("slot_preferences", "slot_choice")


async def test_unknown_caller_goes_to_staff_when_registration_is_not_allowed(
    backend: EmbeddedBackend, clinic: ClinicConfig, brain: Brain, clock: FixedClock
) -> None:
    routing = clinic.routing.model_copy(
        update={
            "new_patients": clinic.routing.new_patients.model_copy(
                update={"registration_allowed": False}
            )
        }
    )
    closed = clinic.model_copy(update={"routing": routing})
    call = Call(Engine(backend=backend, clinic=closed, brain=brain, clock=clock), "closed")
    await call.start(language="en")
    await call.say("I'm a new patient and I'd like an appointment")
    result = await call.say("Paul Lemaire, born 2 April 1985")
    assert result.handed_off, call.transcript()
    [task] = await backend.list_tasks(code="handoff")
    assert "reason=patient_not_found" in str(task.description)
    assert await backend.find_patients(PatientQuery(family="Lemaire")) == []


async def test_not_found_asks_again_before_offering_registration(call: Call) -> None:
    await call.start(language="en")
    await call.say("I want to book an appointment")
    again = await call.say("Jane Smithers, born 1 January 1970")
    assert again.expecting == "identity"
    assert "again" in again.reply
    offer = await call.say("Jane Smithers, born 1 January 1970")
    assert offer.expecting == "new_patient"


async def test_a_misheard_name_is_found_when_the_caller_then_gives_their_number(
    call: Call,
) -> None:
    # Asked again, many callers give their number: with the name and birth date already said,
    # the record born that day on that phone whose name is close is theirs.
    await call.start(language="en")
    await call.say("I'd like to check my appointment")
    again = await call.say("Jean Dupond, born 14 March 1958")
    assert again.expecting == "identity" and "again" in again.reply
    result = await call.say("My number is 06 12 00 00 01")
    assert "Thursday 26 November" in result.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0001"


async def test_a_turn_that_says_nothing_of_who_the_caller_is_is_no_second_look_up(
    call: Call,
) -> None:
    await call.start(language="en")
    await call.say("I want to book an appointment")
    await call.say("Jane Smithers, born 1 January 1970")
    again = await call.say("I just want an appointment")
    assert again.expecting == "identity", call.transcript()
    offer = await call.say("Jane Smithers, born 1 January 1970")
    assert offer.expecting == "new_patient"


async def test_nothing_is_read_before_identification(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    result = await call.say("When is my next appointment?")
    assert result.expecting == "identity"
    state = await call.engine.state(call.id)
    assert not [s for s in state.get("seen_ids", []) if s.startswith("Appointment/")]
    assert state.get("patient") is None


async def test_a_caller_not_found_who_says_they_are_new_is_offered_registration(
    call: Call,
) -> None:
    await call.start(language="en")
    await call.say("I want to book an appointment")
    again = await call.say("Jane Smithers, born 1 January 1970")
    assert again.expecting == "identity"
    offer = await call.say("I'm a new patient actually")
    assert offer.expecting == "new_patient", call.transcript()
    assert "Jane Smithers" in offer.reply


async def test_on_a_phone_call_a_caller_not_found_is_offered_the_keypad(call: Call) -> None:
    # "1996" for 1986 and "Fouhrnier" for Fournier: typed, the birth date is exact, and the
    # record born that day whose names sound like the ones heard is the caller's.
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Je voudrais un rendez-vous")
    again = await call.say("Élodie Fouhrnier, née le 30 novembre 1996")
    assert again.expecting == "identity" and "clavier" in again.reply, again.reply
    found = await call.say("30111986")
    assert "Élodie" in found.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["birth_date"] == "1986-11-30"


async def test_on_a_phone_call_the_typed_number_is_tried_before_registration(call: Call) -> None:
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Je voudrais un rendez-vous")
    await call.say("Marguerite Rousselle, née le 19 juin 1951")
    still = await call.say("19061941")
    assert still.expecting == "identity" and "numéro" in still.reply, call.transcript()
    assert "clavier" in still.reply
    found = await call.say("0612000010")
    assert "Marguerite" in found.reply, call.transcript()


async def test_a_typed_number_that_finds_nobody_still_offers_registration(call: Call) -> None:
    await call.start(language="en", channel="voice", keypad=True)
    await call.say("I'd like an appointment")
    await call.say("Jane Smithers, born 1 January 1970")
    await call.say("01011970")
    offer = await call.say("00447700100999")
    assert offer.expecting == "new_patient", call.transcript()


async def test_web_voice_and_chat_have_no_keypad_to_offer(call: Call) -> None:
    await call.start(language="en", channel="voice")
    await call.say("I'd like an appointment")
    again = await call.say("Jane Smithers, born 1 January 1970")
    assert again.expecting == "identity" and "keypad" not in again.reply
    offer = await call.say("Jane Smithers, born 1 January 1970")
    assert offer.expecting == "new_patient"
