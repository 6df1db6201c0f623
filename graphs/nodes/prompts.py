"""Ask again: the question that matches what the agent is waiting for.

Used after a turn the agent could not use, an answer to a side question, or a refused
instruction, so the caller always knows what to say next.
"""

from __future__ import annotations

from typing import Literal

from fhir_adapters.concepts import VISIT_KINDS
from graphs.nodes.common import Update

_ASK_DETAILS = {
    "prescription-renewal": "ask_medication",
    "billing": "ask_billing",
    "results": "ask_results",
}


def keypad(
    update: Update,
    what: Literal["birth_date", "phone", "identity", "confirm", "choice", "choice_one"],
) -> Update:
    """On a phone call, offer to type ``what`` on the keypad: keys are exact where speech
    recognition mishears digits ("zéro si douze" for 06 12) and years (1996 for 1986), and
    those are what finds a record whose name was misheard too. Web voice has no keypad."""
    if update.get("keypad"):
        update.say(f"keypad_{what}")
    return update


def readback(update: Update) -> None:
    """Read the pending write back to the caller (the question a yes answers)."""
    pending = update.pending()
    if pending is None:
        return
    if pending.kind == "cancel" and pending.appointment is not None:
        a = pending.appointment
        update.say("confirm_cancel", when=a.start, practitioner=a.practitioner)
        return
    if pending.kind == "waitlist" and pending.wish is not None:
        update.say("confirm_waitlist", wish=pending.wish)
        return
    if pending.slot is None:
        return
    slot = pending.slot
    where = {"when": slot.start, "practitioner": slot.practitioner, "address": slot.address}
    if pending.kind == "reschedule":
        update.say("confirm_reschedule", **where)
        return
    # The kind of visit that will be booked (the one asked for, else the slot's own) and the
    # practitioner's kind of care are read back too: a request misheard ("consultation de CV"
    # for "de suivi", "fizz ill therapy" for physiotherapy) is heard and corrected before
    # anything is written.
    visit = update.constraints().service or slot.service_type
    if visit in VISIT_KINDS:
        update.say("confirm_book_visit", visit=visit, kind=slot.specialty, **where)
    else:
        update.say("confirm_book", kind=slot.specialty, **where)


def reprompt(update: Update) -> None:
    """Queue the question of the current phase."""
    phase = update.get("phase")
    if phase == "confirm":
        readback(update)
    elif phase == "slot_choice" and update.get("offered"):
        offered = update.get("offered")
        # Offered again, they are this turn's options again (a chat shows their buttons).
        update.say("offer_one" if len(offered) == 1 else "offer", options=offered)
        update.set(options=offered)
        if update.get("failures"):
            # A time misheard ("Salut de tes ordres" for "celui de 10 h 50"): a key is exact.
            keypad(update, "choice_one" if len(offered) == 1 else "choice")
    elif phase == "slot_preferences":
        update.say("ask_preferences")
    elif phase == "identity":
        update.say("ask_identity")
        if update.claims().attempts or update.get("failures"):
            keypad(update, "identity")  # not found, or not understood: typed, it is exact
    elif phase == "new_patient":
        claims = update.claims()
        if claims.family and claims.given and claims.birth_date:
            update.say(
                "offer_registration",
                given=claims.given,
                family=claims.family,
                birth=claims.birth_date,
            )
        else:
            update.say("ask_registration_details")
    elif phase == "appointment_choice" and update.get("appointments"):
        listed = update.get("appointments")
        action = "action_cancel" if update.get("intent") == "cancel" else "action_reschedule"
        update.say("appointments_many", count=len(listed), appointments=listed)
        update.say("which_appointment", action=action)
        if update.get("failures"):
            keypad(update, "choice_one" if len(listed) == 1 else "choice")
    elif phase == "details":
        code = str((update.get("request") or {}).get("code"))
        update.say(_ASK_DETAILS.get(code, "how_can_i_help"))
    elif phase == "anything_else":
        update.say("anything_else")
    elif phase == "move_existing" and update.get("target"):
        target = update.get("target")
        update.say("ask_move_existing", when=target["start"], practitioner=target["practitioner"])
    else:
        update.say("how_can_i_help")
