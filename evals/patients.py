"""Simulated patients: scripted lines, or a rule-based caller that answers what the agent asks.

The rule-based patient reads ``TurnResult.expecting`` (what the agent waits for) and
``TurnResult.options`` (slots offered) and answers from its facts and hidden goal, revealing
only what is asked, tau-bench style. It is deterministic for a given scenario, so repeated
runs differ only if the agent does. ``evals.llm_patient`` holds the LLM-driven variant.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from agent.replies.dates import WEEKDAYS
from agent.understanding import UrgencyLevel
from evals import phrases
from evals.scenario import GoalIntent, Persona, Scenario, Window
from evals.windows import in_window
from graphs.events import URGENCY_QUESTION, OfferedSlot, TurnResult

_ASKS_IDENTITY = re.compile(
    r"\b(name|birth|date de naissance|nom|né|née|vous appelez|who am i speaking)\b", re.I
)
_ASKS_BIRTH_ONLY = re.compile(r"\b(date of birth|date de naissance)\b", re.I)
_ASKS_NAME = re.compile(r"\b(name|nom|prénom)\b", re.I)
_PRESS_ONE = re.compile(r"\b(?:press|tap(?:er|ez)) 1\b", re.I)
_KEYPAD_CHOICE = re.compile(
    r"\b(?:press|taper) 1 (?:for the first|pour le premier|to take it|pour le prendre)", re.I
)
_NOT_FOUND = re.compile(r"can't find a record|ne trouve pas de dossier", re.I)
_KEYPAD = re.compile(r"[^.?!]*\b(?:keypad|clavier)\b[^.?!]*", re.I)
_KEYPAD_BIRTH = re.compile(r"\b(?:date of birth|date de naissance)\b", re.I)
_KEYPAD_PHONE = re.compile(r"\b(?:phone|numéro|number|le taper|type it)\b", re.I)
KEYS = "keys:"
"""A patient line that is typed on the phone's keypad, not said: ``keys:25081985#``."""
_OFFERS_WIDER = re.compile(r"look more widely|cherche\w* plus largement|élargir", re.I)
_OFFERS_WAITLIST = re.compile(r"waiting list|liste d'attente", re.I)
_MAX_SAME_QUESTION = 3
_OPEN_QUESTIONS = frozenset({"greeting", "intent", "anything_else", None})
"""The agent's questions before any task is under way."""
_BOOKING_GOALS = frozenset(
    {GoalIntent.BOOK, GoalIntent.RESCHEDULE, GoalIntent.REPORT_SYMPTOMS, GoalIntent.OTHER}
)
"""Goals a caller may be asked when to come for (a symptom may well end in a booking)."""
_QUESTIONS = re.compile(r"[^.?!]*\?")
_MAX_REFUSALS = 4
_PUNCTUATION = re.compile(r"[.,!?;:«»\"()]+(?!\d)|(?<!\d):")


def as_asr(line: str) -> str:
    """A line as speech-to-text hands it over: lower case, no punctuation."""
    return " ".join(_PUNCTUATION.sub(" ", line.lower()).split())


class SimulatedPatient(Protocol):
    """Anything that can answer the agent's last turn (None = hang up)."""

    async def respond(self, result: TurnResult) -> str | None:
        """The caller's next line after the agent's ``result``, or None to hang up."""
        ...


class ScriptedPatient:
    """Says the scenario's ``script`` lines in order, whatever the agent says; then hangs up."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = list(lines)

    async def respond(self, result: TurnResult) -> str | None:
        if result.ended or not self._lines:
            return None
        return self._lines.pop(0)


class RuleBasedPatient:
    """A caller who pursues a hidden goal and answers each question from their facts."""

    def __init__(self, scenario: Scenario, *, tz: str) -> None:
        self.s = scenario
        self.tz = tz
        self.lang = scenario.language
        self.persona = scenario.patient.persona
        self.lines = phrases.LINES[self.lang]
        # Seeded by the scenario alone: every run of a scenario hears the same caller.
        self.rng = random.Random(scenario.id)
        self.accept: Window | None = scenario.goal.accept
        self._opening: str | None = None
        self.said_opening = False
        self.changed_mind = False
        self.took_waitlist = False
        self.refused_booking = False
        self.said_anything_else = False
        self.under_way = False
        self.restated = False
        self.answered_urgency = False
        self.refusals = 0
        self.corrections = 0
        self.identity_asks = 0
        self.typed: set[str] = set()
        self.last_expecting: str | None = None
        self.same_count = 0
        self.last_question = ""
        self.stuck = 0
        self.rephrased = 0
        self.last_reply = ""
        # A copy: the scenario is shared by every run of it.
        self.says = {k: list(v) for k, v in scenario.goal.says.items()}

    # ---- the parts of the goal, as said ----------------------------------------------

    def opening(self) -> str:
        """What the caller says first: the scenario's line, or one built from the goal."""
        if self._opening is None:
            self._opening = self._compose_opening()
        return self._opening

    def _compose_opening(self) -> str:
        goal = self.s.goal
        # The scenario's own words are said as written; only generated lines get a persona.
        verbatim = goal.opening or (
            goal.question if goal.intent in (GoalIntent.INFO, GoalIntent.BILLING) else None
        )
        if verbatim:
            return verbatim
        if goal.intent in (GoalIntent.REPORT_SYMPTOMS, GoalIntent.OTHER) and goal.reason:
            return goal.reason
        lines = self.lines
        if goal.intent is GoalIntent.BOOK:
            text = lines["book"].format(
                practitioner=lines["with"].format(practitioner=goal.practitioner)
                if goal.practitioner
                else "",
                reason=lines["for"].format(reason=goal.reason) if goal.reason else "",
            )
            if self.persona is Persona.CHATTY and goal.when:
                text = f"{text[:-1]}, {goal.when}."
        elif goal.intent in (GoalIntent.RESCHEDULE, GoalIntent.CANCEL):
            day = (
                lines["on"].format(day=phrases.say_date(goal.appointment_on, self.lang))
                if goal.appointment_on and self.persona is not Persona.TERSE
                else ""
            )
            text = lines[goal.intent.value].format(day=day)
        elif goal.intent is GoalIntent.PRESCRIPTION:
            med = lines["for_med"].format(medication=goal.medication) if goal.medication else ""
            text = lines["prescription"].format(medication=med)
        elif goal.intent in (GoalIntent.INFO, GoalIntent.BILLING) and goal.question:
            text = goal.question
        elif goal.intent in (GoalIntent.REPORT_SYMPTOMS, GoalIntent.OTHER):
            text = goal.reason or goal.question or lines["human"]
        else:
            text = lines.get(goal.intent.value, lines["human"])
        return phrases.frame(text, self.lang, self.persona, self.rng)

    def identity(self) -> str:
        """Name and birth date (a new or unknown caller still gives what they have)."""
        p = self.s.patient
        self.identity_asks += 1
        asks = self.identity_asks - len(p.first_identity)
        if asks <= 0:
            return p.first_identity[self.identity_asks - 1]
        if p.says_identity and asks == 1:
            return p.says_identity
        typed = self.keyed()
        if typed is not None:
            return typed
        named = bool(p.given_name or p.family_name)
        birth_only = _ASKS_BIRTH_ONLY.search(self.last_reply) and not _ASKS_NAME.search(
            self.last_reply
        )
        if p.birth_date and asks > 1 and birth_only:
            # Asked for the birth date alone: that is what a caller gives.
            birth = phrases.say_birth_date(p.birth_date, self.lang, self.persona)
            return self.lines["birth_only"].format(birth=birth)
        if (
            named
            and asks > 1
            and _ASKS_NAME.search(self.last_reply)
            and not (_ASKS_BIRTH_ONLY.search(self.last_reply) or _NOT_FOUND.search(self.last_reply))
        ):
            # Asked for the name alone ("What is your first and last name?"): the name.
            name = " ".join(x for x in (p.given_name, p.family_name) if x)
            return self.lines["name_only"].format(name=name)
        if self.persona is Persona.CONFUSED and named and p.birth_date:
            # Gives the name, forgets the birth date until asked again.
            if asks == 1:
                name = " ".join(x for x in (p.given_name, p.family_name) if x)
                return self.lines["name_only"].format(name=name)
            if asks == 2:
                birth = phrases.say_birth_date(p.birth_date, self.lang, self.persona)
                return self.lines["birth_only"].format(birth=birth)
        if p.new and (asks == 2 or _NOT_FOUND.search(self.last_reply)):
            # Asked again because no record matched: a newcomer says so.
            return self.lines["identity_new"].format(identity=self._name_and_birth())
        if asks > 1 and p.phone:
            return self.lines["identity_phone"].format(phone=phrases.say_phone(p.phone))
        return self._name_and_birth()

    def keyed(self, *, peek: bool = False) -> str | None:
        """Offered the keypad, a caller who has a record types what it asks for: the birth
        date (day, month, year) first, then the phone number as dialled from the practice's
        country, each ended with the hash key (``peek``: what they would type, not typed)."""
        p = self.s.patient
        offer = _KEYPAD.search(self.last_reply)
        if offer is None or p.new:
            return None
        wants = []
        if _KEYPAD_BIRTH.search(offer.group(0)) and p.birth_date:
            wants.append(("birth", p.birth_date.strftime("%d%m%Y")))
        if _KEYPAD_PHONE.search(offer.group(0)) and p.phone:
            wants.append(("phone", phrases.dialled(p.phone)))
        for what, keys in wants:
            if what not in self.typed:
                if not peek:
                    self.typed.add(what)
                return f"{KEYS}{keys}#"
        return None

    def _name_and_birth(self) -> str:
        p = self.s.patient
        name = " ".join(x for x in (p.given_name, p.family_name) if x)
        if not name:
            # An anonymous caller (an information call) does not invent an identity.
            return self.lines["anonymous"].format(question=self.opening())
        if p.birth_date is None:
            return self.lines["name_only"].format(name=name)
        birth = phrases.say_birth_date(p.birth_date, self.lang, self.persona)
        text = self.lines["identity"].format(name=name, birth=birth)
        if self.lang == "fr" and self.s.patient.persona is not Persona.TERSE:
            text = f"Je m'appelle {text}" if p.family_name else text
        return text

    def preferences(self) -> str:
        """When and with whom, as the caller would put it; a caller who asked for no
        appointment says so ("No, I don't need an appointment") and asks again."""
        goal = self.s.goal
        booking = goal.intent in _BOOKING_GOALS or (goal.anything_else and self.said_anything_else)
        if not booking and not self.refused_booking:
            self.refused_booking = True
            return self.lines["no_booking"].format(question=self.opening())
        if _OFFERS_WIDER.search(self.last_reply):
            return phrases.YES[self.lang][self.persona]  # "Shall I look more widely?" Yes.
        change = goal.change_of_mind
        if self.changed_mind and change is not None and change.when:
            return change.when  # the new wish; who and what they asked for still stand
        parts = [goal.when] if goal.when else []
        if goal.practitioner and goal.practitioner not in (goal.when or ""):
            parts.append(("avec " if self.lang == "fr" else "with ") + goal.practitioner)
        if not parts or self.same_count >= 2:
            return self.lines["any_time"]
        return " ".join(parts)

    def _acceptable(self, option: OfferedSlot) -> bool:
        start = datetime.fromisoformat(option.start)
        if not in_window(self.accept, start, self.tz):
            return False
        wanted = self.s.goal.accept_practitioners
        return not wanted or option.practitioner_id in wanted

    def choose(self, options: list[OfferedSlot]) -> str:
        """Pick the first acceptable option, or ask for others."""
        change = self.s.goal.change_of_mind
        if change and change.at == "slot_choice" and not self.changed_mind:
            return self._change_mind()
        for option in options:
            if self._acceptable(option):
                if _KEYPAD_CHOICE.search(self.last_reply):
                    # Not understood, with the keypad on offer: the option's number.
                    return f"{KEYS}{option.index + 1}"
                if self.s.goal.pick and self._acceptable(options[0]):
                    return self.s.goal.pick  # "any of them": the agent's first pick will do
                return self._pick(option, options)
        self.refusals += 1
        if self.refusals > _MAX_REFUSALS:
            return self.lines["give_up"]
        return self.lines["later" if self.refusals % 2 else "other_options"]

    def _pick(self, option: OfferedSlot, options: list[OfferedSlot]) -> str:
        """Name the chosen option as the persona would: by rank, by time or by day."""
        start = datetime.fromisoformat(option.start).astimezone(ZoneInfo(self.tz))
        starts = [datetime.fromisoformat(o.start).astimezone(ZoneInfo(self.tz)) for o in options]
        if self.persona is Persona.CHATTY and [s.time() for s in starts].count(start.time()) == 1:
            return self.lines["pick_time"].format(time=phrases.say_time(start, self.lang))
        weekdays = [s.weekday() for s in starts]
        if self.persona is Persona.ELDERLY and weekdays.count(start.weekday()) == 1:
            day = WEEKDAYS[self.lang][start.weekday()]
            return self.lines["pick_day"].format(day=day)
        ordinal = phrases.ORDINALS[self.lang][min(option.index, 4)]
        if self.persona is Persona.TERSE:
            return ordinal.capitalize() + "."
        return self.lines["pick_option"].format(ordinal=ordinal).capitalize()

    def _change_mind(self) -> str:
        change = self.s.goal.change_of_mind
        assert change is not None
        self.changed_mind = True
        if change.then is not None:
            self.accept = change.then
        return change.say or self.lines["no"]

    def confirm(self, reply: str = "") -> str:
        """Yes, unless the goal says the caller changes their mind at the read-back, or the
        read-back names another kind of care or of visit than theirs (said once; then they
        hang up)."""
        change = self.s.goal.change_of_mind
        if change and change.at == "confirm" and not self.changed_mind:
            return self._change_mind()
        visit, kind = phrases.visit_named(reply, self.lang), phrases.kind_named(reply, self.lang)
        wanted_visit, wanted_kind = self._wanted("service"), self._wanted("specialty")
        if kind is not None and wanted_kind is not None and kind != wanted_kind:
            line = self.lines["wrong_kind"].format(kind=phrases.kind_name(wanted_kind, self.lang))
        elif visit is not None and wanted_visit is not None and visit != wanted_visit:
            wanted = phrases.visit_name(wanted_visit, self.lang)
            line = self.lines["wrong_visit"].format(visit=wanted)
        elif _PRESS_ONE.search(reply):
            return f"{KEYS}1"  # asked again for a yes, with the keypad on offer: one key
        else:
            return phrases.YES[self.lang][self.persona]
        self.corrections += 1
        return self.lines["give_up"] if self.corrections > 1 else line

    def _wanted(self, field: Literal["service", "specialty"]) -> str | None:
        """The kind of visit or of care the caller wants, if they have one in mind: their
        goal's, else the one the scenario expects booked."""
        booked = self.s.expect.booked
        wanted: str | None = getattr(self.s.goal, field) or getattr(booked, field, None)
        return wanted

    def appointment(self) -> str:
        """Which existing appointment the caller means."""
        on = self.s.goal.appointment_on
        if on is None:
            return phrases.ORDINALS[self.lang][0].capitalize() + "."
        return self.lines["pick_appointment"].format(day=phrases.say_date(on, self.lang))

    def details(self) -> str:
        """Details of a staff request (medication, billing question)."""
        goal = self.s.goal
        return goal.details or goal.medication or goal.question or goal.reason or self.opening()

    def anything_else(self) -> str:
        """A second request once, if the goal has one; otherwise goodbye. A caller who came
        for an appointment and was only answered ("are you taking new patients? I'd need a
        GP", the GP lost on the line) asks for it once before leaving."""
        goal = self.s.goal
        wants = goal.intent in (GoalIntent.BOOK, GoalIntent.RESCHEDULE, GoalIntent.CANCEL)
        if wants and not self.under_way and not self.restated:
            self.restated = True
            return self._compose_generic()
        if self.s.goal.anything_else and not self.said_anything_else:
            self.said_anything_else = True
            return self.s.goal.anything_else
        return phrases.GOODBYE[self.lang][self.persona]

    def rephrase(self) -> str:
        """Say the request again in other words (never the opening word for word)."""
        goal = self.s.goal
        if self.rephrased < len(goal.rephrasings):
            self.rephrased += 1
            return goal.rephrasings[self.rephrased - 1]
        self.rephrased += 1
        plain = self._compose_generic()
        if plain != self.opening():
            return plain
        return self.lines["repeat"].format(text=self.opening())

    def _compose_generic(self) -> str:
        """The request said plainly from the goal, as a caller restates it."""
        goal = self.s.goal.model_copy(update={"opening": None})
        keep, self.s = self.s, self.s.model_copy(update={"goal": goal})
        try:
            return self._compose_opening()
        finally:
            self.s = keep

    def urgency_answer(self) -> str | None:
        """Answer to the one question an urgent handoff asks ("is the pain very strong?"):
        this caller knows how bad it is, so yes exactly when the call truly is an emergency."""
        again = _PRESS_ONE.search(self.last_reply) is not None
        if self.answered_urgency and not again:
            return None
        self.answered_urgency = True
        own_words = self.says.get(URGENCY_QUESTION)
        if own_words:
            return own_words.pop(0) or None
        emergency = self.s.expect.urgency is UrgencyLevel.EMERGENCY
        if again:  # asked again with the keypad on offer: one key for yes
            return f"{KEYS}1" if emergency else self.lines["no"]
        return self.lines["yes" if emergency else "no"]

    def move_existing(self) -> str:
        """Answer to "you already have an appointment nearby: shall I move it?"."""
        return (
            phrases.YES[self.lang][self.persona]
            if self.s.goal.move_existing
            else (self.lines["no"])
        )

    # ---- the turn ----------------------------------------------------------------------

    async def respond(self, result: TurnResult) -> str | None:
        line = self._respond(result)
        if line is not None and self.s.speech.style == "asr":
            return as_asr(line)
        return line

    def _respond(self, result: TurnResult) -> str | None:
        if result.handed_off and result.expecting == URGENCY_QUESTION:
            self.last_reply = result.reply
            return self.urgency_answer()
        if result.ended or result.handed_off:
            return None
        self.last_reply = result.reply
        expecting = result.expecting
        question = (_QUESTIONS.findall(result.reply) or [""])[-1].strip()
        same = expecting == self.last_expecting
        self.same_count = self.same_count + 1 if same else 0
        self.stuck = self.stuck + 1 if same and question == self.last_question else 0
        self.last_expecting, self.last_question = expecting, question
        # Asked the same question again and again, a caller gives up; asked for something new
        # ("What is your phone number?" after the birth date), or to type, they answer.
        typing = expecting == "identity" and self.keyed(peek=True) is not None
        stuck = self.stuck >= _MAX_SAME_QUESTION and expecting not in ("slot_choice",)
        if stuck and not typing:
            return self.lines["give_up"] if self.stuck > _MAX_SAME_QUESTION else None
        self.under_way = self.under_way or expecting not in _OPEN_QUESTIONS
        if expecting in ("greeting", "intent", None) and not self.said_opening:
            self.said_opening = True
            return self.opening()
        own_words = self.says.get(expecting or "")
        if own_words:
            # The scenario's own line for this question; an empty one hangs up.
            return own_words.pop(0) or None
        waitlist = self.s.goal.waitlist
        if waitlist and not self.took_waitlist and _OFFERS_WAITLIST.search(result.reply):
            # Nothing suits and the agent offers the waiting list: this caller takes it.
            self.took_waitlist = True
            return waitlist
        handlers = {
            "intent": self.rephrase,
            "greeting": self.rephrase,
            "move_existing": self.move_existing,
            "identity": self.identity,
            "new_patient": lambda: self.lines["am_new" if self.s.patient.new else "not_new"],
            "slot_preferences": self.preferences,
            "slot_choice": lambda: self.choose(result.options),
            "confirm": lambda: self.confirm(result.reply),
            "appointment_choice": self.appointment,
            "anything_else": self.anything_else,
            "details": self.details,
        }
        handler = handlers.get(expecting or "")
        if handler is not None:
            return handler()
        if _ASKS_IDENTITY.search(result.reply):
            return self.identity()
        return self.anything_else()


def build_patient(scenario: Scenario, *, tz: str, llm: object | None = None) -> SimulatedPatient:
    """The patient the scenario's ``speech.mode`` asks for.

    Args:
        scenario: the call to simulate.
        tz: the practice time zone (to read offered slots in local time).
        llm: a LangChain chat model for ``mode: llm`` scenarios; without one they fall back
            to the rule-based simulator so a suite still runs offline.
    """
    if scenario.speech.mode == "scripted":
        return ScriptedPatient(scenario.speech.script)
    if scenario.speech.mode == "llm" and llm is not None:
        from evals.llm_patient import LLMPatient

        return LLMPatient(scenario, llm=llm, fallback=RuleBasedPatient(scenario, tz=tz))
    return RuleBasedPatient(scenario, tz=tz)
