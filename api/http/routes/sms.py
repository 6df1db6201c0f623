"""Twilio webhooks: inbound SMS and WhatsApp (replies to our messages, new conversations)
and delivery status callbacks.

Every request must carry a valid ``X-Twilio-Signature`` (HMAC-SHA1 of the URL Twilio called
and the form fields, keyed with the account's auth token, checked with the SDK's
``RequestValidator``); anything else gets 403 and is not read further. A reply to one of our
messages (C, ANNULER, OUI, STOP...) is handled by the outreach inbox; anything else is a
text turn of the same Engine as the web chat, one conversation per phone number and day.
Answers are sent through the providers (and recorded), and the webhook itself answers with
an empty TwiML document. A status callback names the message's Communication in its (signed)
URL and updates its delivery state.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from agent.outreach.delivery import record_delivery
from agent.outreach.messages import OutboundMessage
from agent.outreach.service import Outreach
from agent.settings import Settings
from api.http.deps import EngineDep, SettingsDep
from api.http.problems import Problem, problem_responses, xml_responses
from api.http.public_url import public_request_url
from fhir_adapters.matching import normalize_phone
from graphs.engine import Engine

router = APIRouter(prefix="/sms", tags=["sms"])
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def get_outreach(request: Request) -> Outreach:
    """The process's outreach service (503 when outbound messaging is off)."""
    outreach = getattr(request.app.state, "outreach", None)
    if outreach is None:
        raise Problem(503, "Messaging disabled", "Outbound messaging is not enabled.")
    return outreach  # type: ignore[no-any-return]


OutreachDep = Annotated[Outreach, Depends(get_outreach)]


async def _engine_reply(engine: Engine, phone: str, text: str, language: str | None) -> str:
    local_day = engine.clock.now().astimezone(engine.clinic.zone).date().isoformat()
    conversation_id = f"sms:{phone}:{local_day}"
    if not await engine.state(conversation_id):
        lang = language if language in ("fr", "en") else None
        await engine.start(
            conversation_id,
            caller_phone=phone,
            channel="sms",
            language=lang,  # type: ignore[arg-type]
        )
    return (await engine.turn(conversation_id, text)).reply


SignatureHeader = Annotated[
    str | None,
    Header(
        alias="X-Twilio-Signature",
        description="Twilio's HMAC-SHA1 signature of the URL and form fields (403 without it)",
    ),
]
_FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "additionalProperties": {"type": "string"}}
            }
        },
    }
}
_WEBHOOK_ERRORS = problem_responses(400, 403, 422, 503)


async def _signed_form(
    request: Request, settings: Settings, signature: str | None
) -> dict[str, str]:
    """The webhook's form fields, once ``X-Twilio-Signature`` proved Twilio sent them."""
    from twilio.request_validator import RequestValidator

    token = settings.twilio_auth_token
    form = await request.form()
    params = {key: str(value) for key, value in form.items()}
    url = public_request_url(request, settings)
    if token is None or not RequestValidator(token.get_secret_value()).validate(
        url, params, signature or ""
    ):
        raise Problem(403, "Forbidden", "The webhook signature is missing or wrong.")
    return params


@router.post(
    "/inbound",
    response_class=Response,
    responses=xml_responses(400, 403, 422, 503, description="an empty TwiML document"),
    openapi_extra=_FORM_BODY,
)
async def inbound(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    outreach: OutreachDep,
    signature: SignatureHeader = None,
) -> Response:
    """Twilio's incoming-message webhook (form-encoded); answers an empty TwiML document."""
    params = await _signed_form(request, settings, signature)
    sender, text, sid = params.get("From", ""), params.get("Body", ""), params.get("MessageSid")
    channel = "whatsapp" if sender.startswith("whatsapp:") else "sms"
    phone = normalize_phone(sender.removeprefix("whatsapp:"), "FR")
    if phone is None or not sid:
        return Response(EMPTY_TWIML, media_type="application/xml")
    result = await outreach.inbox.receive(phone=phone, text=text, message_id=sid)
    if result.duplicate:
        return Response(EMPTY_TWIML, media_type="application/xml")
    replies = list(result.replies)
    if not result.handled:
        body = await _engine_reply(engine, phone, text, result.language)
        replies.append(
            OutboundMessage(
                key=f"reply:{sid}",
                kind="reply",
                channel=channel,
                to=phone,
                language="en" if result.language == "en" else "fr",
                body=body,
                patient_id=result.patient_id,
            )
        )
    for reply in replies:
        if channel == "whatsapp" and reply.channel == "sms":  # answer where they wrote
            reply = reply.model_copy(update={"channel": "whatsapp"})
        await outreach.sender.deliver(reply)
    await outreach.changed("reply")
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post(
    "/status",
    status_code=204,
    response_class=Response,
    responses=_WEBHOOK_ERRORS,
    openapi_extra=_FORM_BODY,
)
async def delivery_status(
    request: Request,
    settings: SettingsDep,
    outreach: OutreachDep,
    signature: SignatureHeader = None,
    record: Annotated[
        str | None, Query(max_length=64, description="the message's Communication id")
    ] = None,
) -> Response:
    """Twilio's ``StatusCallback``: the carrier's delivery state of a message we sent
    (delivered, undelivered, failed...) is written on its FHIR Communication; a failure
    lands among the dead letters the staff console shows."""
    from agent.outreach.providers.twilio import delivery_report

    params = await _signed_form(request, settings, signature)
    report = delivery_report(record, params) if record else None
    if report is not None and await record_delivery(outreach.backend, report):
        await outreach.changed("delivery")
    return Response(status_code=204)
