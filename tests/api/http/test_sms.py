"""The Twilio webhook: signatures checked, replies handled or passed to the engine, answers
sent back through the real Twilio SDK to the local Twilio stand-in."""

from __future__ import annotations

import httpx

from agent.outreach.status import reminder_status
from tests.agent.outreach.helpers import book, phone, remind
from tests.api.http.sms_rig import TOKEN, WEBHOOK, client, form, post, rig, seeded, twilio
from tests.fakes.outbound import Rig
from tests.fakes.twilio_api import FakeTwilio, sign

__all__ = ["client", "rig", "seeded", "twilio"]  # fixtures used by the tests below


async def test_an_unsigned_or_badly_signed_request_is_refused(
    client: httpx.AsyncClient, rig: Rig
) -> None:
    params = form("+33612345678", "STOP", "SM1")
    assert (await post(client, params, None)).status_code == 403
    assert (await post(client, params, sign("wrong-token", WEBHOOK, params))).status_code == 403
    tampered = {**params, "Body": "START"}
    assert (await post(client, tampered, sign(TOKEN, WEBHOOK, params))).status_code == 403
    assert await rig.backend.list_communications() == []  # nothing was read or written


async def test_c_to_a_reminder_confirms_it_and_the_answer_goes_out_through_twilio(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    appointment_id, _ = await book(rig, "pat-0005")
    await remind(rig, appointment_id)
    number = await phone(rig, "pat-0005")
    reminder = [m for m in twilio.sent_to(number) if "Répondez C" in m["body"]]
    assert len(reminder) == 1
    params = form(number, "C", "SM-c")
    response = await post(client, params, sign(TOKEN, WEBHOOK, params))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Response" in response.text
    assert (await reminder_status(rig.backend, appointment_id)).state == "confirmed"
    assert any("confirmée" in m["body"] for m in twilio.sent_to(number))
    # Twilio redelivers the same webhook: no second answer.
    count = len(twilio.sent_to(number))
    await post(client, params, sign(TOKEN, WEBHOOK, params))
    assert len(twilio.sent_to(number)) == count


async def test_a_new_question_is_a_text_conversation_with_the_engine(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    number = await phone(rig, "pat-0005")
    params = form(number, "Bonjour, quels sont vos horaires ?", "SM-h")
    response = await post(client, params, sign(TOKEN, WEBHOOK, params))
    assert response.status_code == 200
    [answer] = twilio.sent_to(number)
    assert "8 heures" in answer["body"] or "lundi" in answer["body"].lower()


async def test_a_booking_by_sms_asks_for_a_yes_then_confirms(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    number = await phone(rig, "pat-0005")
    lines = [
        "Bonjour, je voudrais prendre un rendez-vous",
        "Élodie Fournier, née le 30 novembre 1986",
        "jeudi après-midi, avec n'importe quel médecin",
        "le deuxième",
    ]
    for n, line in enumerate(lines):
        params = form(number, line, f"SM-b{n}")
        assert (await post(client, params, sign(TOKEN, WEBHOOK, params))).status_code == 200
    assert (
        await rig.backend.list_appointments(
            patient_id="pat-0005", statuses=["booked"], upcoming_only=True
        )
        == []
    )
    params = form(number, "oui", "SM-b-yes")
    await post(client, params, sign(TOKEN, WEBHOOK, params))
    booked = await rig.backend.list_appointments(
        patient_id="pat-0005", statuses=["booked"], upcoming_only=True
    )
    assert len(booked) == 1
    await rig.run_due()
    bodies = [m["body"] for m in twilio.sent_to(number)]
    assert any(b.startswith("C'est confirmé") for b in bodies)  # the conversation's answer
    confirmations = [b for b in bodies if "votre rendez-vous est confirmé le" in b]
    assert len(confirmations) == 1  # and the confirmation message, once
