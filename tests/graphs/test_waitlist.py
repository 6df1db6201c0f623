"""Joining the waiting list from a conversation, French and English, with both brains: asked
for in so many words or taken up when nothing suits; identified, read back, written only
after a yes, and carrying the practitioner and window of the wish."""

from __future__ import annotations

from datetime import datetime

from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Appointment
from graphs.engine import Engine
from tests.graphs.talk import Call


async def waiting(backend: EmbeddedBackend, patient_id: str) -> list[Appointment]:
    """The patient's waitlist entries."""
    views = await backend.list_appointments(patient_id=patient_id, statuses=["waitlist"])
    return [v.appointment for v in views]


def practitioner_of(entry: Appointment) -> str | None:
    refs = [p.actor.reference for p in entry.participant or [] if p.actor and p.actor.reference]
    return next((r.split("/")[1] for r in refs if r.startswith("Practitioner/")), None)


async def test_asked_for_in_french_identified_read_back_then_written(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start()
    asked = await call.say(
        "Bonjour, pouvez-vous me prévenir si une place se libère avec le Dr Martin "
        "la semaine prochaine ?"
    )
    assert asked.expecting == "identity", call.transcript()
    readback = await call.say("Élodie Fournier, née le 30 novembre 1986")
    assert readback.expecting == "confirm", call.transcript()
    assert "liste d'attente" in readback.reply
    assert "Martin" in readback.reply and "lundi 30 novembre" in readback.reply, readback.reply
    assert await waiting(backend, "pat-0005") == []  # nothing written before the yes
    done = await call.say("oui")
    assert [e.kind for e in done.events] == ["waitlist_joined"], call.transcript()
    [entry] = await waiting(backend, "pat-0005")
    assert practitioner_of(entry) == "pract-martin"
    [period] = entry.requestedPeriod or []
    assert isinstance(period.start, datetime) and period.start.date().isoformat() == "2026-11-30"
    assert isinstance(period.end, datetime) and period.end.date().isoformat() == "2026-12-07"


async def test_offered_when_nothing_is_free_and_taken_up_in_english(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    # After the seeded calendar: nothing free that day nor on the nearest days he consults.
    await call.say("Hello, I'd like an appointment with Dr Dubois on Tuesday 15 December")
    nothing = await call.say("Michael Brown, born 25 August 1972")
    assert "waiting list" in nothing.reply, call.transcript()
    readback = await call.say("Please put me on the waiting list")
    assert readback.expecting == "confirm", call.transcript()
    assert "Dubois" in readback.reply and "Tuesday 15 December" in readback.reply
    done = await call.say("yes please")
    assert [e.kind for e in done.events] == ["waitlist_joined"], call.transcript()
    [entry] = await waiting(backend, "pat-0008")
    assert practitioner_of(entry) == "pract-dubois"
    [period] = entry.requestedPeriod or []
    assert isinstance(period.start, datetime) and period.start.date().isoformat() == "2026-12-15"


async def test_earlier_than_what_was_offered_and_a_no_writes_nothing(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("Hi, I need an appointment with Dr Dubois please")
    offer = await call.say("Michael Brown, born 25 August 1972")
    assert offer.expecting == "slot_choice", call.transcript()
    first = offer.options[0].start
    readback = await call.say("None of those, but let me know if something opens up earlier")
    assert readback.expecting == "confirm", call.transcript()
    pending = (await call.engine.state(call.id) or {}).get("pending") or {}
    assert (pending.get("wish") or {}).get("end") == first
    declined = await call.say("no, actually, don't")
    assert "waiting list" in declined.reply
    assert await waiting(backend, "pat-0008") == []


async def test_a_yes_replayed_adds_one_entry(engine: Engine, backend: EmbeddedBackend) -> None:
    call = Call(engine, "conv-waitlist")
    await call.start()
    await call.say("Mettez-moi sur liste d'attente s'il vous plaît")
    await call.say("Élodie Fournier, née le 30 novembre 1986")
    await call.say("oui")
    await call.say("oui")  # "anything else?" -> yes: never a second entry
    assert len(await waiting(backend, "pat-0005")) == 1
