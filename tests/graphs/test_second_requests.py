"""Issue 15, second round: a second request said in the opening turn is served after the
first (never dropped), a practitioner's days off lead to the nearest days they work, windows
relative to another visit count from that visit, and a hedge at a read-back is no yes."""

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


async def test_a_renewal_then_a_booking_said_together_are_both_served(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I need my repeat for the inhaler and also an appointment next week.")
    offer = await call.say("Michael Brown, born 25 August 1972")
    assert [t["code"] for t in call.events("task")] == ["prescription-renewal"], call.transcript()
    # Straight on to the visit, with the week already said: nobody has to ask twice.
    assert offer.expecting == "slot_choice", call.transcript()
    assert offer.options and all(o.start[:10] >= "2026-11-30" for o in offer.options)
    await call.say("the first one")
    await call.say("yes")
    [booked] = await upcoming(backend, "pat-0008")
    assert booked.start.isoformat()[:10] >= "2026-11-30"


async def test_two_questions_are_both_answered_in_order(call: Call) -> None:
    await call.start(language="en")
    answer = await call.say("are you open saturdays and is there somewhere to park")
    text = answer.reply.lower()
    assert "noon" in text and "car park" in text and text.index("noon") < text.index("car park")
    assert answer.expecting == "anything_else"


async def test_a_hedge_at_the_read_back_books_nothing_and_asks_again(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like to see a doctor on Friday.", "Michael Brown, born 25/08/1972")
    readback = await call.say("the first one")
    assert readback.expecting == "confirm"
    again = await call.say("hmm I'm not sure, is that right?")
    assert again.expecting == "confirm" and not call.events("booked"), call.transcript()
    assert await upcoming(backend, "pat-0008") == []
    await call.say("yes, book it")
    assert len(await upcoming(backend, "pat-0008")) == 1


async def test_a_practitioners_day_off_offers_the_days_she_works(call: Call) -> None:
    await call.start(language="en")
    await call.say("Can I see Dr Martin on Wednesday please?")
    offer = await call.say("Olivia Thompson, born 11 June 1947")
    assert "monday, tuesday, thursday, friday and saturday" in offer.reply.lower(), offer.reply
    days = {o.start[:10] for o in offer.options}
    assert days and days <= {"2026-11-24", "2026-11-26"}, offer.options


async def test_saturday_afternoon_offers_saturday_morning(call: Call) -> None:
    await call.start(language="en")
    await call.say("Any chance of Saturday afternoon?")
    offer = await call.say("Thomas Murphy, born 2 March 1993")
    assert offer.options and all(o.start[:10] == "2026-11-28" for o in offer.options)


async def test_moving_a_visit_to_the_week_after_it(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("I need to move my Thursday appointment with Dr Martin, the week after?")
    offer = await call.say("Jean Dupont, born 14 March 1958")
    assert offer.options and all(
        "2026-11-30" <= o.start[:10] <= "2026-12-06" for o in offer.options
    ), call.transcript()
    await call.say("the first one")
    await call.say("yes")
    [moved] = await upcoming(backend, "pat-0001")
    assert "2026-11-30" <= moved.start.isoformat()[:10] <= "2026-12-06"


async def test_a_sunday_offers_the_nearest_days_the_practitioner_works(call: Call) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais voir le docteur Martin dimanche")
    offer = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    assert "lundi, mardi, jeudi, vendredi et samedi" in offer.reply, offer.reply
    assert offer.options and {o.start[:10] for o in offer.options} <= {"2026-11-28", "2026-11-30"}


async def test_the_two_weeks_after_said_once_asked_when_counts_from_the_visit(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais changer mon rendez-vous de jeudi.")
    asked = await call.say("Jean Dupont, né le 14 mars 1958")
    assert asked.expecting == "slot_preferences", call.transcript()
    offer = await call.say("dans les deux semaines qui suivent")
    assert offer.options and all(
        "2026-11-27" <= o.start[:10] <= "2026-12-10" for o in offer.options
    ), call.transcript()
