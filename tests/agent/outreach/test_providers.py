"""The real Twilio SDK against the local Twilio stand-in, and e-mail through a local SMTP
server (aiosmtpd)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import pytest

from agent.outreach.messages import OutboundMessage
from agent.outreach.providers import ProviderError, build_providers
from agent.outreach.providers.smtp import SmtpProvider
from agent.outreach.providers.twilio import TwilioProvider
from agent.settings import Settings
from tests.fakes.twilio_api import FakeTwilio

SID, TOKEN = "AC" + "1" * 32, "secret-token"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as fake:
        yield fake


def message(channel: str = "sms", to: str = "+33612345678") -> OutboundMessage:
    return OutboundMessage(
        key="confirmation:appt-1",
        kind="confirmation",
        channel=channel,  # type: ignore[arg-type]
        to=to,
        body="Maison de santé des Tilleuls : votre rendez-vous est confirmé.",
        subject="Votre rendez-vous",
        patient_id="pat-1",
    )


def provider(fake: FakeTwilio, **kwargs: object) -> TwilioProvider:
    return TwilioProvider(
        SID,
        TOKEN,
        from_number="+33700000000",
        base_url=fake.base_url,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_an_sms_is_posted_like_twilio_expects(twilio: FakeTwilio) -> None:
    receipt = await provider(twilio).send(message())
    [request] = twilio.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.content_type == "application/x-www-form-urlencoded"
    assert request.auth == (SID, TOKEN)
    assert request.form == {
        "To": "+33612345678",
        "From": "+33700000000",
        "Body": message().body,
    }
    assert receipt.provider_id and receipt.provider_id.startswith("SM")
    assert receipt.status == "queued"


async def test_whatsapp_uses_channel_addresses(twilio: FakeTwilio) -> None:
    whatsapp = provider(twilio, whatsapp_from="+14155238886")
    assert "whatsapp" in whatsapp.channels
    await whatsapp.send(message("whatsapp"))
    assert twilio.requests[0].form["To"] == "whatsapp:+33612345678"
    assert twilio.requests[0].form["From"] == "whatsapp:+14155238886"


def test_delivery_reports_go_to_the_public_address_when_there_is_one() -> None:
    common = {"twilio_account_sid": SID, "twilio_auth_token": TOKEN, "twilio_from_number": "+3"}
    public = Settings(public_base_url="https://desk.example.org/", **common)  # type: ignore[arg-type]
    [twilio_provider, _] = build_providers(public).providers
    assert isinstance(twilio_provider, TwilioProvider)
    assert twilio_provider.status_callback == "https://desk.example.org/sms/status"
    [local, _] = build_providers(Settings(public_base_url=None, **common)).providers  # type: ignore[arg-type]
    assert isinstance(local, TwilioProvider) and local.status_callback is None


async def test_a_status_callback_names_the_record_and_is_left_out_without_one(
    twilio: FakeTwilio,
) -> None:
    reporting = provider(twilio, status_callback="https://desk.example.org/sms/status")
    await reporting.send(message().model_copy(update={"record_id": "comm-1"}))
    await reporting.send(message())  # not recorded yet: nothing to report on
    first, second = (r.form for r in twilio.requests)
    assert first["StatusCallback"] == "https://desk.example.org/sms/status?record=comm-1"
    assert "StatusCallback" not in second


async def test_errors_are_told_apart(twilio: FakeTwilio) -> None:
    twilio.fail_next(1, status=503, code=20503)
    with pytest.raises(ProviderError) as outage:
        await provider(twilio).send(message())
    assert outage.value.retryable
    twilio.fail_next(1, status=400, code=21211)
    with pytest.raises(ProviderError) as invalid:
        await provider(twilio).send(message())
    assert not invalid.value.retryable and invalid.value.code == "21211"
    twilio.fail_next(1, status=429, code=20429)
    with pytest.raises(ProviderError) as limited:
        await provider(twilio).send(message())
    assert limited.value.retryable


async def test_a_message_already_taken_is_found_after_a_crash(twilio: FakeTwilio) -> None:
    sms = provider(twilio)
    before = datetime.now(UTC) - timedelta(minutes=1)
    assert await sms.find_sent(message(), before) is None
    sent = await sms.send(message())
    found = await sms.find_sent(message(), before)
    assert found is not None and found.provider_id == sent.provider_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_email_through_a_local_smtp_server() -> None:
    from aiosmtpd.controller import Controller

    received: list[tuple[str, list[str], bytes]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    await asyncio.to_thread(controller.start)
    try:
        smtp = SmtpProvider(
            "127.0.0.1",
            port,
            sender="accueil@tilleuls.example",
            sender_name="Tilleuls",
            security="none",
        )
        receipt = await smtp.send(message("email", to="patient@example.org"))
    finally:
        await asyncio.to_thread(controller.stop)
    [(sender, recipients, content)] = received
    assert sender == "accueil@tilleuls.example" and recipients == ["patient@example.org"]
    mail = message_from_bytes(content)
    assert mail["Subject"] == "Votre rendez-vous"
    assert "confirmation.appt-1" in mail["Message-ID"]
    assert mail["Message-ID"].strip() == receipt.provider_id
    assert "votre rendez-vous est confirm" in mail.get_payload(decode=True).decode()


async def test_an_unreachable_mail_server_is_a_retryable_error() -> None:
    smtp = SmtpProvider(
        "127.0.0.1", _free_port(), sender="a@b.example", security="none", timeout_s=2
    )
    with pytest.raises(ProviderError) as error:
        await smtp.send(message("email", to="patient@example.org"))
    assert error.value.retryable
