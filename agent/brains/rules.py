"""The embedded brain: deterministic French and English understanding, no network.

``RulesBrain`` runs the extractors of ``agent.nlu`` over one turn and uses the conversation
phase to settle ambiguities: in "identity" a bare "Marie Dupont 12 mars 1985" is a name and a
birth date; in "slot_choice" a bare "2" is the second option, not a date; in "confirm" a bare
"ok" is a yes. It never sets urgency: the deterministic guardrail owns it.
"""

from __future__ import annotations

import logging
import re

from agent.nlu import plausibility
from agent.nlu.answers_heard import choice_heard
from agent.nlu.callers import is_professional_caller, refuses, wants_practitioner_on_phone
from agent.nlu.changes import ChangeReading, read_change
from agent.nlu.choice import ChoiceReading, read_choice
from agent.nlu.corrections import apply_corrections
from agent.nlu.dates import warm_up
from agent.nlu.deferral import defers_choice, defers_time
from agent.nlu.heard import dates_heard
from agent.nlu.injection import is_injection_attempt
from agent.nlu.intents import detect_intent
from agent.nlu.language import COMMON_WORDS, detect_language
from agent.nlu.multi import action_beside_question, requests_in_order
from agent.nlu.normalize import fold, normalize
from agent.nlu.numbers import spell_out_numbers
from agent.nlu.other_people import find_other_person
from agent.nlu.people import find_birth_date, find_name, find_new_patient
from agent.nlu.phones import DEFAULT_REGION, find_phone
from agent.nlu.practitioners import (
    find_practitioner,
    find_service,
    find_specialty,
    wants_any_practitioner,
    wants_same_practitioner,
)
from agent.nlu.providers import find_provider_kind
from agent.nlu.reason import find_medication, find_visit_reason
from agent.nlu.relative import read_relative
from agent.nlu.spelling import correct
from agent.nlu.topics import find_topic
from agent.nlu.when import read_time
from agent.nlu.yesno import detect_affirmative
from agent.understanding import BrainContext, Intent, TimePreference, Understanding

logger = logging.getLogger(__name__)

_IDENTITY_PHASES = frozenset({"identity", "new_patient"})
_CHOICE_PHASES = frozenset({"slot_choice", "appointment_choice", "confirm", "slot_preferences"})
_OPENING_PHASES = frozenset({"greeting", "intent"})
_REASON_INTENTS = frozenset({None, Intent.BOOK, Intent.RESCHEDULE, Intent.OTHER})
_CHANGE_PHASES = frozenset({"greeting", "intent", "anything_else"})
_VISIT_INTENTS = frozenset({Intent.CANCEL, Intent.RESCHEDULE, Intent.CHECK})
# An everyday change overrides what the generic rules read ("cancel Thursday and find me
# something next week instead" moves the visit).
_OVERRIDABLE = {
    Intent.RESCHEDULE: frozenset({None, Intent.BOOK, Intent.CANCEL, Intent.OTHER}),
    Intent.CANCEL: frozenset({None, Intent.BOOK, Intent.OTHER}),
}


# "move my appointment on Tuesday 24 November to next week": the new time follows "to"/"à".
_TO = re.compile(r"\b(?:to|into|until|a|au|pour|vers|plutot)\s+(?:la |le |the |une |un )?")


def _target_time(corrected: str, context: BrainContext) -> TimePreference | None:
    for m in reversed(list(_TO.finditer(corrected))):
        tail = corrected[m.start() :]
        found = read_time(tail, context.now, day_only=not context.offered)
        if found:
            return found
    return None


def _name_words(given: str | None, family: str | None) -> frozenset[str]:
    """Folded words of the name the caller gave, as they appear in folded text."""
    said = fold(" ".join(p for p in (given, family) if p)).split()
    return frozenset(w for w in said if w not in COMMON_WORDS)


def _without(folded: str, words: frozenset[str]) -> str:
    if not words:
        return folded
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    return " ".join(re.sub(pattern, " ", folded).split())


class RulesBrain:
    """Rule-based ``agent.understanding.Brain`` for French and English."""

    name = "rules"

    def __init__(self, *, region: str = DEFAULT_REGION) -> None:
        """Create the brain.

        Args:
            region: ISO country for phone numbers said without a country code.
        """
        self._region = region
        warm_up()

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        """Return what ``text`` says in ``context``; never raises."""
        return self.read(text, context)

    def read(self, text: str, context: BrainContext) -> Understanding:
        """Synchronous core of ``understand`` (benchmarks and tests call it directly)."""
        try:
            return self._read(text, context)
        except Exception as exc:  # a patient's odd turn must never crash the call
            logger.warning("rules brain failed on a turn (%s); returning an empty reading",
                           type(exc).__name__)  # fmt: skip
            return Understanding()

    def _read(self, text: str, context: BrainContext) -> Understanding:
        text = text if isinstance(text, str) else ""
        if context.channel == "voice":
            text = dates_heard(text)  # "le 15 même 1976": mai; "1905 décembre": le 5
        utterance = normalize(text)
        if not utterance.folded:
            return Understanding()
        phase = context.phase
        today = context.now.date()
        identity = phase in _IDENTITY_PHASES
        offered = context.offered
        given, family = find_name(utterance, expecting=identity)
        if given is None and family is None and not identity:
            # "cancel Jean Dupont's appointment": the graph needs the name to apply its scope rule.
            given, family = find_other_person(utterance.words, context.practitioner_names)
        name_words = _name_words(given, family)
        language = detect_language(utterance, ignore=name_words)
        # Speech-to-text spells numbers out: "douze mars quatre-vingt-cinq" -> "12 mars 85".
        spoken = spell_out_numbers(utterance.folded, language, context.language)
        # The caller's name says nothing else: "Hannah Price" asks no question about fees.
        corrected = _without(correct(spoken), name_words)
        # "Tuesday, no sorry, Wednesday": only the caller's final wish is read.
        corrected = apply_corrections(corrected)
        folded = apply_corrections(utterance.folded)

        topic = find_topic(corrected, context.topics)
        intent = detect_intent(corrected, topic)
        if intent is Intent.INFO:
            # "Book me in next week, and what are your hours?": the booking is kept too.
            intent = (
                action_beside_question(
                    corrected, lambda part: find_topic(part, context.topics), detect_intent
                )
                or intent
            )
        change = ChangeReading(rest=corrected)
        said_intent = intent
        if phase in _CHANGE_PHASES or intent in _VISIT_INTENTS:
            change = read_change(corrected, context.now)
            if change.intent is not None and intent in _OVERRIDABLE[change.intent]:
                intent = change.intent
        affirmative = detect_affirmative(corrected)
        reading = (
            read_choice(corrected, offered, folded)
            if offered or phase in _CHOICE_PHASES
            else ChoiceReading()
        )
        # "Any of them": the first offered will do.
        deferred = bool(offered) and reading.choice is None and defers_choice(corrected)
        if deferred and not reading.wants_other:
            reading = ChoiceReading(choice=0)
        time = None
        if reading.choice is None:
            # "My appointment on Thursday" names the visit: the new day is in the rest.
            rest = change.rest if intent is Intent.RESCHEDULE else corrected
            time = read_time(rest, context.now, dates=not identity, day_only=not offered)
            if intent is Intent.RESCHEDULE:
                time = _target_time(rest, context) or time
            if time is None and not identity and defers_time(corrected):
                time = TimePreference(asap=True)
        move, move_days = change.move, change.move_days
        relative = None if reading.choice is not None or identity else read_relative(corrected)
        if relative is not None and change.appointment_day is not None:
            # "The week after my appointment on Thursday": counted from that visit; the rest
            # of the turn may narrow it ("the following Monday, in the morning").
            extra = read_time(change.rest, context.now, day_only=True)
            time = relative.from_visit(change.appointment_day, extra)
            if said_intent is Intent.BOOK and intent is Intent.RESCHEDULE and not change.explicit:
                intent = Intent.BOOK  # "another session two weeks after the one on Tuesday"
            if intent is Intent.BOOK:
                move, move_days = None, None
        elif relative is not None and move is None:
            # "The week after" while moving a visit: counted from the visit being moved, not
            # from today.
            move = "within" if relative.kind == "within" else "later"
            move_days, time = relative.days, None
        practitioner = find_practitioner(
            folded,
            context.practitioner_names,
            bare_names=not identity and family is None,
            said=utterance.words,
            by_sound=context.channel == "voice",
        )
        specialty = find_specialty(corrected, context.specialties)
        # The practice vocabulary (the EHR's concepts, offered or not) and the everyday words
        # for a kind of provider ("voir un médecin", "un psy"). When the caller names care the
        # practice has beside a word it lacks ("une gastro ... voir un médecin"), the care it
        # has wins: "gastro" there is the illness, not a specialist.
        asked = find_provider_kind(corrected) if phase in _CHANGE_PHASES else None
        kind = (specialty or asked) if phase in _CHANGE_PHASES else None
        lacking = specialty is not None and specialty not in context.specialties
        if practitioner is None and asked in context.specialties and lacking:
            kind = specialty = asked
        if kind and practitioner is None:
            # "I need to find a doctor", "il me faudrait un psy": a booking for that kind of
            # care, even one the practice does not offer (the graph says so).
            specialty = kind if kind not in context.specialties or specialty is None else specialty
            if intent in (None, Intent.OTHER, Intent.INFO) and not topic:
                intent = Intent.BOOK
        service = find_service(corrected, context.services)
        reason = find_visit_reason(utterance, corrected) if intent in _REASON_INTENTS else None
        medication = (
            find_medication(utterance, corrected)
            if intent is Intent.PRESCRIPTION or phase == "details"
            else None
        )

        if intent is Intent.GOODBYE:
            reading = ChoiceReading()  # "I'll call back later. Goodbye." asks for no slot
        wants_more = reading.wants_other or reading.wants_later or reading.wants_earlier
        if wants_more:
            affirmative = False if affirmative else affirmative
        if (
            intent is Intent.BOOK
            and phase in _CHOICE_PHASES
            and (wants_more or reading.choice is not None or affirmative is not None)
        ):
            intent = None  # "do you have anything else?" while choosing is not a new booking
        if phase == "confirm" and intent is Intent.CHECK and affirmative:
            intent = None  # "oui je confirme le rendez-vous" answers the read-back
        professional = phase in _CHANGE_PHASES and is_professional_caller(corrected)
        if (
            not professional
            and practitioner
            and intent in (None, Intent.HUMAN, Intent.OTHER)
            and wants_practitioner_on_phone(corrected)
        ):
            intent = Intent.CALLBACK  # "I need to speak to Dr Martin": not a visit
        if intent is None and phase in _OPENING_PHASES and (reason or specialty or service):
            intent = Intent.BOOK  # "sometime next week for my knee"
        birth = find_birth_date(spoken, today, expecting=identity)
        phone = find_phone(utterance.raw, self._region) or find_phone(spoken, self._region)
        implausible = None
        if identity:
            implausible = plausibility.check(
                utterance.raw, spoken, [w.raw for w in utterance.words],
                today=today, phone=phone, birth=birth,
            )  # fmt: skip
            if implausible == "name":
                given = family = None
        then_intent, more_topics = None, []
        if phase in _CHANGE_PHASES and intent is not None:
            # "My repeat prescription and also an appointment next week": both, in order.
            actions, topics = requests_in_order(
                corrected, lambda part: find_topic(part, context.topics), detect_intent
            )
            if len(actions) > 1 and intent in actions and actions[1] is intent:
                intent = actions[0] if intent in _OVERRIDABLE.get(actions[0], ()) else intent
            then_intent = next((a for a in actions if a is not intent), None)
            if topic in topics:
                topic = topics[0]  # questions are answered in the order they were asked
            more_topics = [t for t in topics if t != topic]
        injection = is_injection_attempt(corrected)
        if injection:
            intent = Intent.OTHER  # never act on a turn that tries to rewrite the rules
        understanding = Understanding(
            language=language,
            intent=intent,
            affirmative=affirmative,
            choice=reading.choice,
            wants_other_options=reading.wants_other,
            wants_later=reading.wants_later,
            wants_earlier=reading.wants_earlier,
            given_name=given,
            family_name=family,
            birth_date=birth,
            phone=phone,
            new_patient=find_new_patient(corrected),
            practitioner_name=practitioner,
            any_practitioner=not deferred and wants_any_practitioner(corrected),
            same_practitioner_as_last_time=wants_same_practitioner(corrected),
            specialty=specialty,
            service=service,
            time=time,
            visit_reason=reason,
            topic=topic,
            medication=medication,
            injection_attempt=injection,
            appointment_day=change.appointment_day,
            move=move,
            move_days=move_days,
            professional_caller=professional,
            refuses=identity and refuses(corrected),
            implausible=implausible,
            then_intent=None if injection else then_intent,
            more_topics=more_topics,
        )
        if (
            understanding.intent is None
            and phase in _OPENING_PHASES
            and language is not None
            and len(utterance.words) >= 3
            and understanding == Understanding(language=language)
        ):
            understanding.intent = Intent.OTHER
        if (
            context.channel == "voice"
            and offered
            and understanding == Understanding(language=understanding.language)
        ):
            # Nothing read in an answer to "which one suits you?": it may be an answer the
            # recogniser misheard ("Le pomme est" for le premier).
            meant = choice_heard(text.lower(), context.language, len(offered))
            if meant is not None:
                return self._read(meant, context.model_copy(update={"channel": "text"}))
        return understanding
