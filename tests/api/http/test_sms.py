"""The Twilio webhook: signatures checked, replies handled or passed to the engine, answers
sent back through the real Twilio SDK to the local Twilio stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from agent.brains.rules import RulesBrain
from agent.outreach.sender import Sender
from agent.outreach.status import reminder_status
from agent.settings import Settings
from api.http.app import create_app
from fhir_adapters.clock import FixedClock
from graphs.engine import Engine
from tests.agent.outreach.helpers import book, phone, remind
from tests.fakes.outbound import WORKDAY, Rig, build_rig, clinic_with, copy_store, seed_store
from tests.fakes.twilio_api import FakeTwilio, sign

SID, TOKEN = "AC" + "2" * 32, "webhook-token"
BASE = "http://testserver"
WEBHOOK = f"{BASE}/sms/inbound"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("sms") / "demo.sqlite")


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as fake:
        yield fake


@pytest.fixture
async def rig(seeded: Path, tmp_path: Path, twilio: FakeTwilio) -> AsyncIterator[Rig]:
    from agent.outreach.providers.twilio import TwilioProvider

    made = build_rig(
        copy_store(seeded, tmp_path), tmp_path / "jobs.sqlite", FixedClock(WORKDAY), clinic_with()
    )
    twilio_provider = TwilioProvider(
        SID, TOKEN, from_number="+33700000000", base_url=twilio.base_url
    )
    made.outreach.sender = Sender(made.backend, twilio_provider, made.clock)
    yield made
    await made.backend.close()


@pytest.fixture
async def client(rig: Rig, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        data_dir=tmp_path,
        twilio_account_sid=SID,
        twilio_auth_token=TOKEN,
        twilio_from_number="+33700000000",
    )
    engine = Engine(
        backend=rig.backend, clinic=rig.outreach.clinic, brain=RulesBrain(), clock=rig.clock
    )
    engine.listeners.append(rig.outreach.on_turn)
    app = create_app(settings, engine=engine)
    app.state.engine = engine
    app.state.outreach = rig.outreach
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


def form(sender: str, body: str, sid: str) -> dict[str, str]:
    return {
        "MessageSid": sid,
        "AccountSid": SID,
        "From": sender,
        "To": "+33700000000",
        "Body": body,
        "NumMedia": "0",
    }


async def post(
    client: httpx.AsyncClient, params: dict[str, str], signature: str | None
) -> httpx.Response:
    headers = {"X-Twilio-Signature": signature} if signature is not None else {}
    return await client.post("/sms/inbound", data=params, headers=headers)


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
