"""Identify the caller (name and birth date; the phone tells homonyms apart) or register them.

Nothing about appointments is read or changed before this succeeds, and tools only ever
touch the identified patient's records. A new name with a birth date is a full
re-identification: the previous patient's ids are forgotten.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.tools import (
    FindPatientArgs,
    PatientInfo,
    PatientMatches,
    RegisterPatientArgs,
    ToolError,
)
from agent.understanding import Understanding
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, understanding
from graphs.nodes.prompts import keypad
from graphs.nodes.triage import after_identity, identity_content
from graphs.state import CallState, IdentityClaims, PatientRef

MAX_LOOKUPS = 2
_NAME_CHARS = 100
"""Failed look-ups before registration is offered (or a human takes over)."""


def merge_claims(claims: IdentityClaims, u: Understanding) -> IdentityClaims:
    """Fold what the caller said about themselves into what they said before."""
    c = claims.model_copy()
    # Names and numbers are clipped to what a record can hold: a brain reading a very long
    # turn must not make a look-up fail.
    family = (u.family_name or "").strip()[:_NAME_CHARS]
    given = (u.given_name or "").strip()[:_NAME_CHARS]
    if family:
        c.family, c.given = family, given or None
    elif given:
        c.given = given
    if u.birth_date:
        c.birth_date = u.birth_date.isoformat()
    if u.phone:
        c.phone = u.phone.strip()[:40]
    if u.new_patient:
        c.new_patient = True
    return c


def _identified(update: Update, patient: PatientInfo, *, registered: bool) -> None:
    ref = PatientRef(
        id=patient.id,
        given=patient.given,
        family=patient.family,
        birth_date=patient.birth_date.isoformat() if patient.birth_date else None,
        registered_now=registered,
    )
    # A (re-)identified caller starts with no appointment ids from anyone else.
    seen = [s for s in update.get("seen_ids", []) if s.startswith("Slot/")]
    update.set(patient=ref.model_dump(), seen_ids=seen, appointments=[], target=None, pending=None)
    update.saw([f"Patient/{patient.id}"])
    if registered:
        update.say("registered").emit("patient_registered", patient_id=patient.id)
    else:
        update.say("identified", given=patient.given or patient.family)
    nxt = after_identity(update.intent())
    if nxt == "respond":
        update.say("how_can_i_help").set(phase="intent")
    update.route(nxt)


async def _register(update: Update, claims: IdentityClaims, ctx: CallContext) -> None:
    if not (claims.family and claims.given and claims.birth_date):
        update.say("ask_registration_details").set(phase="identity")
        return
    result = await ctx.tools.register_patient(
        RegisterPatientArgs(
            family=claims.family,
            given=claims.given,
            birth_date=claims.birth_date,  # type: ignore[arg-type]
            phone=claims.phone or update.get("caller_phone"),
        ),
        update.scope(),
    )
    if isinstance(result, ToolError):
        update.say("backend_down").set(handoff_reason="backend_unavailable").route("handoff")
        return
    _identified(update, result.patient, registered=result.created)


async def _find(
    update: Update,
    ctx: CallContext,
    family: str,
    given: str | None,
    birth_date: str | None,
    phone: str | None,
) -> PatientMatches | ToolError:
    args = FindPatientArgs(
        family=family,
        given=given,
        birth_date=birth_date,  # type: ignore[arg-type]
        phone=phone,
        by_sound=update.get("channel") == "voice",
    )
    return await ctx.tools.find_patient(args, update.scope())


async def identify(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Take the caller's details, look them up, and go on with their request."""
    ctx = runtime.context
    update = Update(state)
    u = understanding(state)
    phase = update.get("phase")
    claims = merge_claims(update.claims(), u)
    if update.patient() is not None and u.family_name and u.birth_date:
        update.set(patient=None, **{k: v for k, v in TASK_RESET.items() if k != "constraints"})
    update.set(identity=claims.model_dump())
    if phase == "new_patient" and u.affirmative is True:
        await _register(update, claims, ctx)
        return update.values
    if phase == "new_patient" and u.affirmative is False and not u.family_name:
        update.set(identity=IdentityClaims(attempts=claims.attempts).model_dump())
        return update.say("registration_declined").set(phase="identity").values
    if not claims.family:
        key = "ask_name" if claims.birth_date else "ask_identity"
        return update.say(key).set(phase="identity").values
    if not claims.birth_date:
        return update.say("ask_birth_date").set(phase="identity").values
    if claims.attempts and not identity_content(u):
        update.say("not_found_retry").set(phase="identity")  # nothing new to try
        return keypad(update, "birth_date").values
    phone = claims.phone or update.get("caller_phone")
    found = await _find(update, ctx, claims.family, claims.given, claims.birth_date, phone)
    if not isinstance(found, ToolError) and not found.items and claims.given:
        # "Laurent Inès", "Brown, Michael": the surname may have come first.
        found = await _find(update, ctx, claims.given, claims.family, claims.birth_date, phone)
    if isinstance(found, ToolError):
        update.say("backend_down").set(handoff_reason="backend_unavailable")
        return update.route("handoff").values
    if len(found.items) == 1:
        _identified(update, found.items[0], registered=False)
        return update.values
    if len(found.items) > 1:
        if claims.phone:
            return update.set(handoff_reason="identity_ambiguous").route("handoff").values
        return update.say("ask_phone").set(phase="identity").values
    claims.attempts += 1
    update.set(identity=claims.model_dump())
    routing = ctx.clinic.routing.new_patients
    retry_by_phone = claims.attempts >= MAX_LOOKUPS and not (claims.new_patient or claims.phone)
    if update.get("keypad") and retry_by_phone:
        # On a phone call the typed number is tried before registration: with the birth date
        # it finds a record whose name was misheard (``find_patient``'s fallback).
        return update.say("ask_phone_keypad").set(phase="identity").values
    if claims.new_patient or claims.attempts >= MAX_LOOKUPS:
        if not routing.registration_allowed:
            return update.set(handoff_reason="patient_not_found").route("handoff").values
        if not claims.given:
            return update.say("ask_name").set(phase="identity").values
        update.say(
            "offer_registration",
            given=claims.given,
            family=claims.family,
            birth=claims.birth_date,
        )
        return update.set(phase="new_patient").values
    # What was heard stays: a caller asked again often gives only their number ("my number is
    # ..."), which with the name and birth date already said finds a misheard name.
    update.say("not_found_retry").set(phase="identity")
    return keypad(update, "birth_date").values
