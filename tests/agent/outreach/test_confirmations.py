"""Confirmations: one per booking, move and cancellation, whatever retries happen."""

from __future__ import annotations

from agent.outreach.records import read_record
from fhir_adapters.resources import Patient
from graphs.engine import Engine
from tests.fakes.outbound import Rig

BOOKING = (
    "Bonjour, je voudrais prendre un rendez-vous",
    "Élodie Fournier, née le 30 novembre 1986",
    "jeudi après-midi, avec n'importe quel médecin",
    "le deuxième",
    "oui",
)


async def book_by_chat(engine: Engine, conversation: str = "c1") -> str:
    await engine.start(conversation)
    result = None
    for line in BOOKING:
        result = await engine.turn(conversation, line)
    assert result is not None and [e.kind for e in result.events] == ["booked"], result
    return str(result.events[0].data["appointment_id"])


async def phone_of(rig: Rig, patient_id: str) -> str:
    patient = await rig.backend.get(Patient, patient_id)
    return str(patient.telecom[0].value)


async def test_a_chat_booking_gets_one_confirmation_in_the_patients_language(
    rig: Rig, engine: Engine
) -> None:
    appointment_id = await book_by_chat(engine)
    await rig.run_due()
    sent = rig.sent("confirmation")
    assert len(sent) == 1
    message = sent[0]
    assert message.to == await phone_of(rig, "pat-0005")
    assert message.channel == "sms"
    assert "jeudi 26 novembre" in message.body and "Maison de santé des Tilleuls" in message.body
    assert "12 rue des Tilleuls" in message.body or "14" in message.body
    assert "appelez le +33199001234" in message.body
    # Recorded in the EHR as a Communication about the appointment, sent.
    records = [
        read_record(c)
        for c in await rig.backend.list_communications(about=f"Appointment/{appointment_id}")
    ]
    assert [(r.kind, r.status, r.patient_id) for r in records] == [
        ("confirmation", "completed", "pat-0005")
    ]


async def test_retries_of_the_job_and_of_the_event_never_send_twice(
    rig: Rig, engine: Engine
) -> None:
    appointment_id = await book_by_chat(engine)
    job = rig.outreach.event_job("booked", {"appointment_id": appointment_id})
    assert await rig.queue.enqueue([job]) == 0  # the listener already queued this key
    await rig.run_due()
    # A killed worker's rerun, a second worker, a replayed turn: the same job again.
    for _ in range(3):
        await rig.outreach.handle(job)
    await rig.run_due()
    assert len(rig.sent("confirmation")) == 1
    comms = await rig.backend.list_communications(about=f"Appointment/{appointment_id}")
    assert len([c for c in comms if read_record(c).kind == "confirmation"]) == 1


async def test_a_flaky_provider_is_retried_and_the_message_sent_once(
    rig: Rig, engine: Engine
) -> None:
    rig.provider.fail = 2
    await book_by_chat(engine)
    await rig.run_due()
    assert rig.provider.attempts == 3
    assert len(rig.sent("confirmation")) == 1


async def test_a_provider_that_keeps_failing_leaves_a_dead_letter(rig: Rig, engine: Engine) -> None:
    from agent.outreach.status import dead_letters

    rig.provider.fail = 100
    appointment_id = await book_by_chat(engine)
    await rig.run_due()
    assert rig.sent("confirmation") == []
    dead = await dead_letters(rig.backend)
    assert [(d.kind, d.status, d.about) for d in dead] == [
        ("confirmation", "not-done", [f"Appointment/{appointment_id}"])
    ]
    assert dead[0].reason and "provider down" in dead[0].reason
    # Rerunning the job does not resend a dead letter: staff decide.
    rig.provider.fail = 0
    await rig.outreach.handle(rig.outreach.event_job("booked", {"appointment_id": appointment_id}))
    assert rig.sent("confirmation") == []


async def test_a_refusal_is_not_retried(rig: Rig, engine: Engine) -> None:
    rig.provider.fail, rig.provider.retryable = 5, False
    await book_by_chat(engine)
    await rig.run_due()
    assert rig.provider.attempts == 1


async def test_a_cancellation_by_chat_is_confirmed_and_frees_the_slot_for_the_waitlist(
    rig: Rig, engine: Engine
) -> None:
    appointment_id = await book_by_chat(engine)
    await rig.run_due()
    await engine.start("c2")
    for line in ("je veux annuler mon rendez-vous", "Élodie Fournier, née le 30 novembre 1986"):
        result = await engine.turn("c2", line)
    result = await engine.turn("c2", "oui")
    if not any(e.kind == "cancelled" for e in result.events):
        result = await engine.turn("c2", "oui")
    assert any(e.kind == "cancelled" for e in result.events), result
    await rig.run_due()
    cancellations = rig.sent("cancellation")
    assert len(cancellations) == 1
    assert "annulé" in cancellations[0].body
    assert cancellations[0].about == [f"Appointment/{appointment_id}"]
