"""Triage: what does this turn ask for, given what the agent was waiting for?

The answer to the agent's last question comes first (a yes to a read-back, a choice among
offered slots, a birth date); otherwise the turn's intent starts a task. Anything the agent
cannot use is "not understood"; after repeated failures a human takes over.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.understanding import Intent, Understanding
from fhir_adapters.matching import fold
from graphs.context import CallContext
from graphs.nodes.common import TASK_RESET, Update, understanding
from graphs.nodes.knowledge import is_question, names_a_site
from graphs.nodes.namesakes import names_a_namesake
from graphs.nodes.prompts import keypad, reprompt
from graphs.nodes.queued import remember
from graphs.nodes.respond import KB
from graphs.nodes.slot_rules import merge_constraints, wants_slot_change
from graphs.nodes.slots import say_not_offered
from graphs.nodes.waitlist import answer_waitlist_readback, waitlist_wish
from graphs.state import CallState, PatientRef

MAX_FAILURES = 3
_GREETINGS = frozenset(
    {
        "hello",
        "hi",
        "hey",
        "hello there",
        "hi there",
        "good morning",
        "good afternoon",
        "bonjour",
        "bonsoir",
        "salut",
        "allo",
        "allo bonjour",
        "oui allo",
        "bonjour madame",
        "bonjour monsieur",
    }
)
"""Consecutive unusable turns before the call goes to a human."""

_NEEDS_PATIENT = {
    Intent.BOOK,
    Intent.RESCHEDULE,
    Intent.CANCEL,
    Intent.CHECK,
    Intent.PRESCRIPTION,
    Intent.BILLING,
    Intent.RESULTS,
    Intent.CALLBACK,
    Intent.WAITLIST,
}
_STAFF_CODES = {
    Intent.PRESCRIPTION: "prescription-renewal",
    Intent.BILLING: "billing",
    Intent.RESULTS: "results",
    Intent.CALLBACK: "callback",
}
MAX_REFUSALS = 2
"""Refusals to say who one is before a person takes over (never a loop)."""


def staff_code(intent: Intent | None) -> str | None:
    """The staff Task code of a request intent (None for other intents)."""
    return _STAFF_CODES.get(intent) if intent else None


def after_identity(intent: Intent | None) -> str:
    """The node that carries an intent on once the caller is identified."""
    if intent is Intent.BOOK:
        return "slot_search"
    if intent in (Intent.CANCEL, Intent.RESCHEDULE, Intent.CHECK):
        return "appointments"
    if intent in _STAFF_CODES:
        return "staff_request"
    if intent is Intent.WAITLIST:
        return "waitlist"
    return "respond"


def start_task(update: Update, intent: Intent, u: Understanding) -> None:
    """Begin the task ``intent`` (dropping any other under way) and route to its first node."""
    if intent is Intent.INFO:
        update.route("information")
        return
    if intent is Intent.OTHER:
        fallback(update)
        return
    if intent != update.intent():
        # The waiting list keeps the wish of the search that found nothing.
        kept = waitlist_wish(update) if intent is Intent.WAITLIST else {}
        update.set(**{**TASK_RESET, **kept}, intent=intent.value)
    if intent in (Intent.BOOK, Intent.RESCHEDULE, Intent.CANCEL, Intent.CHECK, Intent.WAITLIST):
        update.set(constraints=merge_constraints(update.constraints(), u).model_dump())
    if code := staff_code(intent):
        request = dict(update.get("request") or {"code": code})
        if not request.get("details"):
            # A question is its own details ("was I charged twice?"); a renewal needs a drug.
            asked = None if code == "prescription-renewal" else update.get("text")
            request["details"] = u.medication or asked
        update.set(request=request)
    if intent in _NEEDS_PATIENT and update.patient() is None:
        update.route("identify")
    else:
        update.route(after_identity(intent))


_OPEN_PHASES = (None, "greeting", "intent", "anything_else")
"""Phases where no task is under way, so a question is a question about the practice."""


def fallback(update: Update) -> None:
    """A turn the agent cannot use: say so, ask again, and hand off after repeated failures."""
    if not update.get("text"):
        # Silence is not a misunderstanding: ask again without counting it.
        update.say("empty_turn").route("respond")
        return
    failures = update.get("failures", 0) + 1
    update.set(failures=failures)
    if failures >= MAX_FAILURES:
        update.set(handoff_reason="not_understood").route("handoff")
        return
    update.say("not_understood_again" if failures == MAX_FAILURES - 1 else "not_understood")
    reprompt(update)
    update.route("respond")


def identity_content(u: Understanding) -> bool:
    """Whether the turn says something about who the caller is (or that they are new)."""
    return bool(u.family_name or u.given_name or u.birth_date or u.phone or u.new_patient)


def _answer_to_question(update: Update, u: Understanding) -> bool:
    """Route a turn that answers the agent's last question; False when it does not."""
    phase = update.get("phase")
    pending = update.pending()
    current = update.intent()
    # "Yes, I'll take that appointment" while moving one is still a yes to the move.
    same = {current, Intent.OTHER, *([Intent.BOOK] if current is Intent.RESCHEDULE else [])}
    new_task = u.intent is not None and u.intent not in same
    side_question = u.topic is not None and u.affirmative is None and u.choice is None
    if phase == "confirm" and pending is not None and not new_task and not side_question:
        competing = wants_slot_change(u) or (
            u.choice is not None and pending.slot is not None and u.choice != pending.slot.index
        )
        if pending.kind == "waitlist":
            answer_waitlist_readback(update, u, competing=competing)
        elif u.affirmative is True and not competing:
            update.route(pending.kind)
        elif u.choice is not None and pending.kind != "cancel":
            update.set(pending=None).route("confirm")
        elif pending.kind == "cancel" and u.affirmative is False:
            update.say("kept").say("anything_else")
            update.set(**TASK_RESET, intent=None, phase="anything_else").route("respond")
        elif u.affirmative is False or (competing and pending.kind != "cancel"):
            update.route("slot_search")
        else:
            update.say("yes_or_no")
            keypad(update, "confirm")
            reprompt(update)
            update.route("respond")
        return True
    if phase == "slot_choice" and not new_task:
        offered = update.offered()
        if (u.choice is not None and 0 <= u.choice < len(offered)) or (
            u.affirmative is True and len(offered) == 1
        ):
            update.route("confirm")
        elif u.affirmative is True:
            update.say("choose_option", ordinals=len(offered)).route("respond")
        elif wants_slot_change(u) or u.affirmative is False:
            update.route("slot_search")
        else:
            return False
        return True
    if phase == "slot_preferences" and not new_task:
        if wants_slot_change(u) or u.affirmative is not None:
            update.route("slot_search")
            return True
        return False
    if phase == "identity" and not new_task and not identity_content(u):
        if u.refuses:
            claims = update.claims()
            claims.refusals += 1
            update.set(identity=claims.model_dump())
            if claims.refusals >= MAX_REFUSALS:
                update.set(handoff_reason="identity_refused").route("handoff")
            else:
                update.say("identity_needed").route("respond")
            return True
        if u.implausible:
            # "Robert'); DROP TABLE": never searched, never registered; asked again politely.
            update.say(f"implausible_{u.implausible}").route("respond")
            if u.implausible in ("birth_date", "phone"):
                keypad(update, u.implausible)
            return True
    if phase in ("identity", "new_patient") and not new_task:
        if identity_content(u) or (phase == "new_patient" and u.affirmative is not None):
            update.route("identify")
            return True
        return False
    if phase == "appointment_choice" and not new_task:
        listed = update.get("appointments") or []
        if (u.choice is not None and 0 <= u.choice < len(listed)) or (
            u.affirmative is True and len(listed) == 1
        ):
            update.route("appointments")
            return True
        return False
    if phase == "move_existing" and not new_task and u.affirmative is not None:
        if u.affirmative:
            # Move the visit found nearby to the day asked for: one appointment, never two.
            update.set(intent=Intent.RESCHEDULE.value)
        else:
            update.set(target=None)
        update.route("slot_search")
        return True
    if phase == "details" and not new_task and update.get("text"):
        update.route("staff_request")
        return True
    return False


async def triage(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Decide where this turn goes: answer, new task, information, goodbye or fallback."""
    update = Update(state)
    u = understanding(state)
    catalog = runtime.context.catalog
    if u.injection_attempt:
        update.say("injection")
        reprompt(update)
        return update.route("respond").values
    if u.intent is Intent.HUMAN:
        return update.set(handoff_reason="caller_request").route("handoff").values
    phase = update.get("phase")
    if u.intent is Intent.GOODBYE or (
        phase == "anything_else" and u.affirmative is False and u.intent is None
    ):
        update.say("goodbye").emit("end_of_call").set(ended=True, phase="anything_else")
        return update.route("respond").values
    patient = update.patient()
    if patient and u.birth_date is None and _other_person(patient, u):
        # Another name without a birth date never widens the scope, even a first name alone
        # ("my son Leo's appointment").
        update.say("other_patient_scope")
        reprompt(update)
        return update.route("respond").values
    if patient and u.family_name and u.birth_date and _other_person(patient, u):
        update.set(failures=0, intent=u.intent.value if u.intent else update.get("intent"))
        return update.route("identify").values
    if names_a_site(update, runtime.context) and not u.topic:
        # "Northgate": the site asked about in reply to "which site?".
        return update.set(failures=0).route("information").values
    if names_a_namesake(update, runtime.context, u):
        # "Sophie", "the cardiologist", "the one at Northgate": which Dr Martin.
        return update.set(failures=0).route("slot_search").values
    if _answer_to_question(update, u):
        return update.set(failures=0).values
    if u.professional_caller and update.patient() is None:
        # A pharmacy, a ward, a laboratory: no birth date asked; who and what go to the staff.
        details = f"Professional caller: {update.get('text') or ''}"[:500]
        update.set(**{**TASK_RESET, "request": {"code": "callback", "details": details}})
        update.set(intent=None)
        return update.set(failures=0).route("staff_request").values
    if u.intent is Intent.BOOK and u.specialty and u.specialty not in catalog.specialties:
        # A kind of care the practice does not offer: say so once, offer what it has.
        say_not_offered(update, runtime.context, u.specialty)
        return update.set(failures=0, phase="anything_else", **TASK_RESET).values
    if u.intent is not None and u.intent is not Intent.OTHER:
        remember(update, u)  # "... and also an appointment next week": served after this one
        if u.topic and u.intent is not Intent.INFO:
            update.say(KB, topic=u.topic)  # the question asked beside the request, first
        start_task(update, u.intent, u)
        return update.set(failures=0).values
    if u.topic:
        remember(update, u)
        return update.set(failures=0).route("information").values
    if phase == "anything_else" and u.affirmative is True:
        if (update.get("request") or {}).get("code") == "callback":
            return update.set(failures=0).route("staff_request").values
        update.say("how_can_i_help").set(phase="intent", failures=0)
        return update.route("respond").values
    if identity_content(u) and patient is None:
        return update.set(failures=0).route("identify").values
    if fold(update.get("text") or "") in _GREETINGS:
        # "Hello?" is not a misunderstanding: the caller is waiting to be asked.
        reprompt(update)
        return update.route("respond").values
    if wants_slot_change(u) and update.intent() is None:
        # "With Dr Martin on Tuesday" with no verb is still a wish to book.
        start_task(update, Intent.BOOK, u)
        return update.set(failures=0).values
    if phase in _OPEN_PHASES and is_question(update.get("text") or ""):
        # A question about the practice no topic covers: the knowledge base, or a person.
        return update.set(failures=0).route("information").values
    fallback(update)
    return update.values


def _other_person(patient: PatientRef, u: Understanding) -> bool:
    """The name said is not the identified patient's."""
    if u.family_name and fold(u.family_name) != fold(patient.family):
        return True
    return bool(u.given_name and fold(u.given_name) != fold(patient.given))
