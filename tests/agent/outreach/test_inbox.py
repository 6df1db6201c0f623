"""Replies to reminders: C confirms, ANNULER cancels after a yes, STOP opts out."""

from __future__ import annotations

from agent.outreach.status import reminder_status
from fhir_adapters.resources import Appointment, Patient, Slot
from tests.agent.outreach.helpers import book, phone, remind
from tests.fakes.outbound import Rig

PATIENT = "pat-0005"


async def test_c_confirms_the_reminder_and_the_console_shows_it(rig: Rig) -> None:
    appointment_id, _ = await book(rig, PATIENT)
    assert (await reminder_status(rig.backend, appointment_id)).state == "not-sent"
    await remind(rig, appointment_id)
    reminders = rig.sent("reminder")
    assert len(reminders) == 1 and "Répondez C pour confirmer" in reminders[0].body
    assert (await reminder_status(rig.backend, appointment_id)).state == "no-answer"
    result = await rig.outreach.inbox.receive(
        phone=await phone(rig, PATIENT), text="C", message_id="SM-c-1"
    )
    assert result.handled and result.patient_id == PATIENT
    assert "confirmée" in result.replies[0].body
    status = await reminder_status(rig.backend, appointment_id)
    assert status.state == "confirmed" and status.reminders_sent == 1


async def test_confirm_in_english_words(rig: Rig) -> None:
    appointment_id, _ = await book(rig, PATIENT)
    await remind(rig, appointment_id)
    result = await rig.outreach.inbox.receive(
        phone=await phone(rig, PATIENT), text="Confirm.", message_id="SM-c-2"
    )
    assert result.handled
    assert (await reminder_status(rig.backend, appointment_id)).state == "confirmed"


async def test_annuler_asks_first_and_cancels_only_after_a_yes(rig: Rig) -> None:
    appointment_id, slot_id = await book(rig, PATIENT)
    await remind(rig, appointment_id)
    number = await phone(rig, PATIENT)
    asked = await rig.outreach.inbox.receive(phone=number, text="ANNULER", message_id="SM-a-1")
    assert asked.handled and asked.replies[0].kind == "cancel-question"
    assert "Répondez OUI" in asked.replies[0].body
    for reply in asked.replies:
        await rig.outreach.sender.deliver(reply)
    # Nothing written yet.
    assert (await rig.backend.get(Appointment, appointment_id)).status == "booked"
    done = await rig.outreach.inbox.receive(phone=number, text="oui", message_id="SM-a-2")
    assert done.handled and "annulé" in done.replies[0].body
    assert (await rig.backend.get(Appointment, appointment_id)).status == "cancelled"
    assert (await rig.backend.get(Slot, slot_id)).status == "free"
    assert (await reminder_status(rig.backend, appointment_id)).state == "cancelled"
    # A redelivered webhook (same message id) changes nothing and answers nothing.
    again = await rig.outreach.inbox.receive(phone=number, text="oui", message_id="SM-a-2")
    assert again.duplicate and again.replies == []


async def test_annuler_then_no_keeps_the_appointment(rig: Rig) -> None:
    appointment_id, _ = await book(rig, PATIENT)
    await remind(rig, appointment_id)
    number = await phone(rig, PATIENT)
    asked = await rig.outreach.inbox.receive(phone=number, text="annuler", message_id="SM-n-1")
    for reply in asked.replies:
        await rig.outreach.sender.deliver(reply)
    kept = await rig.outreach.inbox.receive(phone=number, text="non", message_id="SM-n-2")
    assert kept.handled and "maintenu" in kept.replies[0].body
    assert (await rig.backend.get(Appointment, appointment_id)).status == "booked"


async def test_a_free_sentence_is_left_to_the_conversation_engine(rig: Rig) -> None:
    appointment_id, _ = await book(rig, PATIENT)
    await remind(rig, appointment_id)
    result = await rig.outreach.inbox.receive(
        phone=await phone(rig, PATIENT),
        text="est-ce que je peux venir à 15 h plutôt ?",
        message_id="SM-f-1",
    )
    assert not result.handled and result.replies == []
    assert (await rig.backend.get(Appointment, appointment_id)).status == "booked"


async def test_stop_opts_out_and_no_reminder_follows_but_confirmations_do(rig: Rig) -> None:
    number = await phone(rig, PATIENT)
    result = await rig.outreach.inbox.receive(phone=number, text="STOP", message_id="SM-s-1")
    assert result.handled and result.replies[0].kind == "opt-out"
    patient = await rig.backend.get(Patient, PATIENT)
    assert any("outreach-opt-out" in (e.url or "") for e in patient.extension or [])
    appointment_id, _ = await book(rig, PATIENT)
    assert len(rig.sent("confirmation", to=number)) == 1  # the patient's own booking
    await remind(rig, appointment_id)
    assert rig.sent("reminder", to=number) == []
    assert (await reminder_status(rig.backend, appointment_id)).state == "not-sent"


async def test_arret_with_an_accent_opts_out_and_start_opts_back_in(rig: Rig) -> None:
    number = await phone(rig, PATIENT)
    await rig.outreach.inbox.receive(phone=number, text="Arrêt !", message_id="SM-s-2")
    assert (await rig.backend.get(Patient, PATIENT)).extension
    back = await rig.outreach.inbox.receive(phone=number, text="START", message_id="SM-s-3")
    assert back.handled
    assert not (await rig.backend.get(Patient, PATIENT)).extension
    appointment_id, _ = await book(rig, PATIENT)
    await remind(rig, appointment_id)
    assert len(rig.sent("reminder", to=number)) == 1


async def test_a_sentence_containing_stop_is_not_an_opt_out(rig: Rig) -> None:
    number = await phone(rig, PATIENT)
    result = await rig.outreach.inbox.receive(
        phone=number, text="je n'arrive pas à stop la toux", message_id="SM-s-4"
    )
    assert not result.handled
    assert not (await rig.backend.get(Patient, PATIENT)).extension
