"""Callers who talk the way people do (issue 15), with the embedded rule brain: everyday
changes move one visit (never two), other requests never end in a booking, professionals and
refusals reach a person, unoffered care is said once."""

from __future__ import annotations

import pytest

from agent.brains.rules import RulesBrain
from agent.understanding import Brain
from fhir_adapters.embedded import EmbeddedBackend
from tests.graphs.talk import Call
from tests.graphs.test_changes import upcoming


@pytest.fixture
def brain() -> Brain:
    """These phrasings are the embedded brain's job (the LLM path has its own tests)."""
    return RulesBrain()


async def test_push_it_back_a_week_moves_the_visit(call: Call, backend: EmbeddedBackend) -> None:
    [before] = await upcoming(backend, "pat-0001")
    await call.start(language="en")
    await call.say("Can we push my appointment on Thursday back a week?")
    offer = await call.say("Jean Dupont, born 14 March 1958")
    assert offer.expecting == "slot_choice", call.transcript()
    assert all(o.start[:10] >= "2026-11-30" for o in offer.options), offer.options
    await call.say("the first one")
    await call.say("yes")
    [after] = await upcoming(backend, "pat-0001")
    assert after.id != before.id and after.start.isoformat()[:10] >= "2026-11-30"


async def test_plus_tard_dans_la_journee_stays_on_the_same_day(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr")
    await call.say("Mon rendez-vous de jeudi, on peut le mettre plus tard dans la journée ?")
    offer = await call.say("Jean Dupont, né le 14 mars 1958")
    assert offer.options and all(
        o.start[:10] == "2026-11-26" and o.start[11:16] > "10:30" for o in offer.options
    ), call.transcript()


async def test_cancel_in_other_words_never_books(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say("Je ne pourrai pas venir jeudi, je suis hospitalisé.")
    readback = await call.say("Jean Dupont, né le 14 mars 1958")
    assert readback.expecting == "confirm" and "annul" in readback.reply.lower()
    await call.say("oui")
    assert await upcoming(backend, "pat-0001") == []


async def test_booking_next_to_a_visit_offers_to_move_it(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like an appointment with Dr Martin on Friday.")
    ask = await call.say("Jean Dupont, born 14 March 1958")
    assert ask.expecting == "move_existing", call.transcript()
    offer = await call.say("yes please")
    assert offer.options and offer.options[0].start[:10] == "2026-11-27", call.transcript()
    await call.say("the first one")
    await call.say("yes")
    [after] = await upcoming(backend, "pat-0001")
    assert after.start.isoformat()[:10] == "2026-11-27"


async def test_speak_to_a_doctor_is_a_callback_not_a_visit(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I need to speak to Dr Martin.")
    done = await call.say("Jean Dupont, born 14 March 1958")
    [task] = await backend.list_tasks(code="callback")
    assert "speak to Dr Martin" in (task.description or ""), done.reply
    assert len(await upcoming(backend, "pat-0001")) == 1


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Hello, this is the Voltaire pharmacy, about a prescription for a patient."),
        ("fr", "Bonjour, laboratoire Biolab, un prélèvement d'un de vos patients est à refaire."),
    ],
)
async def test_professional_callers_go_to_staff_without_a_birth_date(
    call: Call, backend: EmbeddedBackend, language: str, line: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    reply = await call.say(line)
    [task] = await backend.list_tasks(code="callback")
    assert "Professional caller" in (task.description or "")
    assert "naissance" not in reply.reply and "birth" not in reply.reply


async def test_two_refusals_reach_a_person(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("I'd like an appointment next week.")
    again = await call.say("I'd rather not say.")
    assert again.expecting == "identity" and not again.handed_off
    last = await call.say("No, I don't want to give that out.")
    assert last.handed_off, call.transcript()


async def test_a_line_of_code_is_not_a_name(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais un rendez-vous la semaine prochaine.")
    reply = await call.say("Robert'); DROP TABLE patients;--")
    assert reply.expecting == "identity" and "nom" in reply.reply, reply.reply
    found = await call.say("Jean Dupont, né le 14 mars 1958")
    assert "Jean" in found.reply


@pytest.mark.parametrize(
    ("language", "line", "word"),
    [
        ("en", "Please find a therapist for me.", "psychology"),
        ("fr", "Il me faudrait un psy.", "psychologie"),
    ],
)
async def test_care_not_offered_is_said_in_one_turn(
    call: Call, language: str, line: str, word: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    reply = await call.say(line)
    assert word in reply.reply.lower() and "compris" not in reply.reply
    assert "catch" not in reply.reply


async def test_a_booking_and_a_question_are_both_served(call: Call) -> None:
    await call.start(language="en")
    reply = await call.say("Is there parking? And I need an appointment on Thursday.")
    assert "car park" in reply.reply and reply.expecting == "identity", reply.reply


async def test_a_time_with_nothing_free_offers_the_nearest(call: Call) -> None:
    await call.start(language="en")
    await call.say("Could I see a doctor on Thursday at one in the afternoon?")
    offer = await call.say("Jean Dupont, born 14 March 1958")
    assert offer.expecting == "slot_choice" and "nearest" in offer.reply, call.transcript()
    assert all(o.start[:10] == "2026-11-26" for o in offer.options)


async def test_surname_first_with_two_given_names_is_still_found(call: Call) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais un rendez-vous la semaine prochaine.")
    found = await call.say("Michel Françoise, le trois février mille neuf cent cinquante-huit")
    assert "Françoise" in found.reply, call.transcript()
