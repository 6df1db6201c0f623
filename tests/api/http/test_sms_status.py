"""Twilio's delivery status callbacks: signed, applied to the message's FHIR Communication,
never going back, and a failure visible among the dead letters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from agent.outreach.records import read_record
from agent.outreach.status import dead_letters
from fhir_adapters.resources import Communication
from tests.agent.outreach.helpers import book, phone
from tests.api.http.sms_rig import SID, STATUS_CALLBACK, TOKEN, client, rig, seeded, twilio
from tests.fakes.outbound import Rig
from tests.fakes.twilio_api import FakeTwilio, sign

__all__ = ["client", "rig", "seeded", "twilio"]  # fixtures used by the tests below


async def _confirmation(rig: Rig, twilio: FakeTwilio) -> tuple[str, str, str]:
    """Book for a patient; the confirmation's StatusCallback URL, its record and its SID."""
    await book(rig, "pat-0005")
    number = await phone(rig, "pat-0005")
    [request] = [r for r in twilio.requests if r.form.get("To") == number]
    url = request.form["StatusCallback"]
    [record] = parse_qs(urlparse(url).query)["record"]
    return url, record, twilio.sent_to(number)[0]["sid"]


def _report(sid: str, status: str, error: str | None = None) -> dict[str, str]:
    params = {
        "AccountSid": SID,
        "MessageSid": sid,
        "MessageStatus": status,
        "From": "+33700000000",
        "ApiVersion": "2010-04-01",
    }
    if error:
        params["ErrorCode"] = error
    return params


async def _post(client: httpx.AsyncClient, url: str, params: dict[str, str]) -> int:
    path = url.removeprefix("http://testserver")
    headers = {"X-Twilio-Signature": sign(TOKEN, url, params)}
    return (await client.post(path, data=params, headers=headers)).status_code


async def test_delivered_is_recorded_and_a_late_sent_does_not_undo_it(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    url, record_id, sid = await _confirmation(rig, twilio)
    assert url.startswith(STATUS_CALLBACK + "?record=")
    assert await _post(client, url, _report(sid, "delivered")) == 204
    stored = await rig.backend.get(Communication, record_id)
    assert (stored.status, read_record(stored).delivery) == ("completed", "delivered")
    version = stored.meta.versionId if stored.meta else None
    # Twilio's callbacks come out of order and more than once: nothing goes back.
    assert await _post(client, url, _report(sid, "sent")) == 204
    assert await _post(client, url, _report(sid, "delivered")) == 204
    again = await rig.backend.get(Communication, record_id)
    assert read_record(again).delivery == "delivered"
    assert (again.meta.versionId if again.meta else None) == version


async def test_an_undelivered_message_becomes_a_dead_letter_with_the_carrier_error(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    url, record_id, sid = await _confirmation(rig, twilio)
    assert await _post(client, url, _report(sid, "undelivered", "30003")) == 204
    stored = await rig.backend.get(Communication, record_id)
    assert (stored.status, read_record(stored).delivery) == ("not-done", "failed")
    [letter] = await dead_letters(rig.backend)
    assert letter.communication_id == record_id
    assert letter.reason is not None and "30003" in letter.reason


async def test_a_forged_or_tampered_callback_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, rig: Rig, twilio: FakeTwilio
) -> None:
    url, record_id, sid = await _confirmation(rig, twilio)
    params = _report(sid, "failed", "30005")
    path = url.removeprefix("http://testserver")
    assert (await client.post(path, data=params)).status_code == 403
    bad = {"X-Twilio-Signature": sign("not-the-token", url, params)}
    assert (await client.post(path, data=params, headers=bad)).status_code == 403
    # The record id is part of what Twilio signed: pointing the report elsewhere fails.
    good = {"X-Twilio-Signature": sign(TOKEN, url, params)}
    other = await client.post(f"{STATUS_CALLBACK}?record=x{record_id}", data=params, headers=good)
    assert other.status_code == 403
    assert (await client.post(path, data=params, headers=good)).status_code == 204
    assert [d.communication_id for d in await dead_letters(rig.backend)] == [record_id]


async def test_a_report_about_no_message_of_ours_is_answered_and_ignored(
    client: httpx.AsyncClient, rig: Rig
) -> None:
    url = f"{STATUS_CALLBACK}?record=unknown-record"
    assert await _post(client, url, _report("SM" + "0" * 32, "failed", "30003")) == 204
    assert await _post(client, STATUS_CALLBACK, _report("SM" + "1" * 32, "delivered")) == 204
    assert await dead_letters(rig.backend) == []
