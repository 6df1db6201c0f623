"""Booking conversations, French and English, with both brains: the outcome is in the store."""

from __future__ import annotations

import asyncio

from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import BookingRequest
from fhir_adapters.resources import Slot, ref_id
from graphs.engine import Engine
from tests.graphs.talk import Call


async def booked_for(backend: EmbeddedBackend, patient_id: str) -> list[tuple[str, str]]:
    """(slot id, practitioner id) of the patient's upcoming booked appointments."""
    views = await backend.list_appointments(
        patient_id=patient_id, statuses=["booked"], upcoming_only=True
    )
    return [
        (
            str(ref_id(v.appointment.slot[0], "Slot")),
            str(v.practitioner.id if v.practitioner else ""),
        )
        for v in views
    ]


async def test_booking_in_french(call: Call, backend: EmbeddedBackend) -> None:
    greeting = await call.start()
    assert "bonjour" in greeting.reply.lower()
    asked = await call.say("Bonjour, je voudrais prendre un rendez-vous")
    assert asked.expecting == "identity"
    prefs = await call.say("Élodie Fournier, née le 30 novembre 1986")
    assert prefs.expecting == "slot_preferences", call.transcript()
    offer = await call.say("jeudi après-midi, avec n'importe quel médecin")
    assert offer.expecting == "slot_choice", call.transcript()
    assert 2 <= len(offer.options) <= 3
    chosen = offer.options[1]
    assert chosen.start.startswith("2026-11-26T1")
    readback = await call.say("le deuxième")
    assert readback.expecting == "confirm"
    assert "jeudi 26 novembre" in readback.reply
    assert await booked_for(backend, "pat-0005") == []
    done = await call.say("oui")
    assert [e.kind for e in done.events] == ["booked"]
    assert await booked_for(backend, "pat-0005") == [(chosen.slot_id, chosen.practitioner_id)]
    slot = await backend.get(Slot, chosen.slot_id)
    assert slot.status == "busy"


async def test_booking_in_english_with_a_named_doctor_and_later(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("Hello, I'd like to book an appointment with Dr Dubois please")
    first = await call.say("Michael Brown, born 25 August 1972")
    assert first.expecting == "slot_choice", call.transcript()
    assert {o.practitioner_id for o in first.options} == {"pract-dubois"}
    later = await call.say("anything later?")
    assert later.options and later.options[0].start > first.options[-1].start
    await call.say("the first one")
    done = await call.say("yes please")
    assert done.events[0].kind == "booked", call.transcript()
    assert await booked_for(backend, "pat-0008") == [(later.options[0].slot_id, "pract-dubois")]


async def test_a_no_at_read_back_books_nothing_and_goes_back_to_the_options(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I need an appointment on Thursday morning with anyone")
    offer = await call.say("Chloé Nguyen, born 5 December 1995")
    await call.say("the first one")
    back = await call.say("no")
    assert back.expecting == "slot_choice", call.transcript()
    assert offer.options[0].slot_id not in {o.slot_id for o in back.options}
    assert await booked_for(backend, "pat-0009") == []
    await call.say("the first one")
    done = await call.say("yes")
    assert done.events[0].kind == "booked"
    assert await booked_for(backend, "pat-0009") == [
        (back.options[0].slot_id, back.options[0].practitioner_id)
    ]


async def test_a_slot_taken_meanwhile_gets_an_apology_and_new_options(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais un rendez-vous avec le docteur Dubois")
    offer = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    await call.say("le premier")
    taken = offer.options[0].slot_id
    await backend.book(
        BookingRequest(slot_id=taken, patient_id="pat-0010", idempotency_key="someone-else-1")
    )
    sorry = await call.say("oui")
    assert "désolé" in sorry.reply.lower()
    assert sorry.expecting == "slot_choice"
    assert taken not in {o.slot_id for o in sorry.options}
    assert await booked_for(backend, "pat-0009") == []
    await call.say("le premier")
    await call.say("oui")
    assert await booked_for(backend, "pat-0009") == [(sorry.options[0].slot_id, "pract-dubois")]


async def test_nothing_earlier_keeps_the_options(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais un rendez-vous avec le docteur Dubois")
    first = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    earlier = await call.say("vous n'avez rien de plus tôt ?")
    assert "rien de plus tôt" in earlier.reply, call.transcript()
    assert [o.slot_id for o in earlier.options] == [o.slot_id for o in first.options]
    await call.say("le troisième")
    await call.say("oui")
    assert await booked_for(backend, "pat-0009") == [(first.options[2].slot_id, "pract-dubois")]


async def test_two_callers_saying_yes_to_one_slot_at_once(
    engine: Engine, backend: EmbeddedBackend
) -> None:
    first, second = Call(engine, "caller-a"), Call(engine, "caller-b")
    offers = []
    for call, me in (
        (first, "Chloé Nguyen, born 5 December 1995"),
        (second, "Michael Brown, born 25 August 1972"),
    ):
        await call.start(language="en")
        await call.say("I'd like to book with Dr Dubois")
        offers.append(await call.say(me))
        await call.say("the first one")
    assert offers[0].options[0].slot_id == offers[1].options[0].slot_id
    results = await asyncio.gather(engine.turn("caller-a", "yes"), engine.turn("caller-b", "yes"))
    kinds = sorted(e.kind for r in results for e in r.events)
    assert kinds == ["booked"]
    loser = next(r for r in results if not r.events)
    assert "taken" in loser.reply and loser.options
    slot = offers[0].options[0].slot_id
    holders = await backend.list_appointments(slot_id=slot, statuses=["booked"])
    assert len(holders) == 1


async def test_turns_of_one_conversation_run_one_at_a_time(call: Call) -> None:
    await call.start(language="en")
    await asyncio.gather(
        call.engine.turn(call.id, "I'd like to book with Dr Dubois"),
        call.engine.turn(call.id, "Michael Brown, born 25 August 1972"),
    )
    state = await call.engine.state(call.id)
    patient_lines = [t for role, t in state["transcript"] if role == "patient"]
    assert len(patient_lines) == 2
    assert state["phase"] == "slot_choice"


async def test_the_read_back_names_the_visit_and_a_wrong_one_is_corrected(
    call: Call, backend: EmbeddedBackend
) -> None:
    # A kind of visit misheard ("consultation de CV" for "de suivi") is read back, so the
    # caller hears it and says which one they meant before anything is booked.
    await call.start(language="en")
    await call.say("I'd like a consultation with Dr Dubois")
    offer = await call.say("Michael Brown, born 25 August 1972")
    assert offer.expecting == "slot_choice", call.transcript()
    readback = await call.say("the first one")
    assert "To confirm: a consultation with Dr Thomas Dubois" in readback.reply
    corrected = await call.say("No, it's for a follow-up visit.")
    assert await booked_for(backend, "pat-0008") == [], call.transcript()
    if corrected.expecting == "slot_choice":
        corrected = await call.say("the first one")
    assert "To confirm: a follow-up visit with" in corrected.reply, call.transcript()
    done = await call.say("yes")
    assert [e.kind for e in done.events] == ["booked"]
    [view] = await backend.list_appointments(patient_id="pat-0008", statuses=["booked"])
    assert "follow-up" in str(view.appointment.serviceType), call.transcript()


async def test_the_read_back_names_the_kind_of_care_and_a_wrong_one_is_corrected(
    call: Call, backend: EmbeddedBackend
) -> None:
    # "Physiotherapy" heard as "fizz ill therapy": a GP is found. The read-back says so, and
    # the caller's correction searches again before anything is booked.
    await call.start(language="en")
    await call.say("I'm calling for my shoulder, I need an appointment")
    await call.say("Michael Brown, born 25 August 1972")
    offer = await call.say("whenever")
    if offer.expecting == "slot_preferences":
        offer = await call.say("whenever")
    assert offer.expecting == "slot_choice", call.transcript()
    readback = await call.say("the first one")
    assert ", general practice, on" in readback.reply, call.transcript()
    again = await call.say("No, I need to see someone in physiotherapy.")
    assert await booked_for(backend, "pat-0008") == [], call.transcript()
    assert again.expecting == "slot_choice", call.transcript()
    readback = await call.say("the first one")
    assert ", physiotherapy, on" in readback.reply, call.transcript()


async def test_on_a_phone_call_an_unclear_answer_to_the_read_back_offers_key_1(
    call: Call, backend: EmbeddedBackend
) -> None:
    # "Oui" heard as "Wage": a phone's keypad answers what speech recognition cannot.
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Bonjour, je voudrais prendre un rendez-vous")
    await call.say("Élodie Fournier, née le 30 novembre 1986")
    offer = await call.say("jeudi après-midi, avec n'importe quel médecin")
    await call.say("le deuxième")
    again = await call.say("Wage.")
    assert again.expecting == "confirm" and "taper 1" in again.reply, again.reply
    done = await call.say("oui")  # what key 1 says for the caller (graphs.keypad)
    chosen = offer.options[1]
    assert await booked_for(backend, "pat-0005") == [(chosen.slot_id, chosen.practitioner_id)]
    assert [e.kind for e in done.events] == ["booked"]


async def test_on_a_phone_call_a_misheard_choice_offers_the_keypad(
    call: Call, backend: EmbeddedBackend
) -> None:
    # "Celui de 10 h 50" heard as "Salut de tes ordres sans cartes": key 2 is exact.
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Bonjour, je voudrais prendre un rendez-vous")
    await call.say("Élodie Fournier, née le 30 novembre 1986")
    offer = await call.say("jeudi après-midi, avec n'importe quel médecin")
    again = await call.say("Salut de tes ordres sans cartes, s'il vous plaît.")
    assert again.expecting == "slot_choice", again.reply
    assert "taper 1 pour le premier, 2 pour le deuxième" in again.reply, again.reply
    assert again.options == offer.options  # offered again: this turn's options again
    readback = await call.say("le deuxième")  # what key 2 says at this question
    assert readback.expecting == "confirm", readback.reply
    await call.say("oui")
    chosen = offer.options[1]
    assert await booked_for(backend, "pat-0005") == [(chosen.slot_id, chosen.practitioner_id)]


async def test_web_voice_offers_no_keypad_for_a_misheard_choice(call: Call) -> None:
    await call.start(language="fr", channel="voice")
    await call.say("Bonjour, je voudrais prendre un rendez-vous")
    await call.say("Élodie Fournier, née le 30 novembre 1986")
    await call.say("jeudi après-midi, avec n'importe quel médecin")
    again = await call.say("Salut de tes ordres sans cartes, s'il vous plaît.")
    assert again.expecting == "slot_choice" and "clavier" not in again.reply, again.reply
