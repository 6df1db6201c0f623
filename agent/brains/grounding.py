"""Grounding: believe only what the caller said.

A model fills fields the turn never mentions: a "Yes." comes back with a ``time``, a birth
date appears that the caller never said, a choice when nothing was offered. Before the graph
uses an LLM's reading, every value that names something concrete (a name, a birth date, a
phone number, a practitioner, a day or time, an offered option) must have support in the
turn's words, in any form the embedded understanding (``agent.nlu``) recognises: the rule
brain's own reading of the turn, dates as it parses them (spelled-out numbers included),
names and surnames fuzzily (speech-to-text and models spell them differently). Unsupported
values are dropped and named in ``dropped`` (the chain records them as an event).

After a read-back, a yes or a no stays a yes or a no unless the words really ask for a change
(another day, another option, another practitioner): the rule brain must see it too. And a
yes that writes (to a read-back, to registering a new patient) must be a yes the embedded
understanding hears in the words: a model's invented yes is dropped and the agent asks again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from rapidfuzz import fuzz

from agent.nlu.dates import find_dates
from agent.nlu.lexicon import MONTHS, ORDINALS, WEEKDAYS
from agent.nlu.normalize import fold
from agent.nlu.numbers import spell_out_numbers
from agent.understanding import BrainContext, Intent, Understanding

_TITLES = frozenset({"dr", "docteur", "doctor", "doc", "pr", "professeur", "mr", "mme", "madame"})
_NAME_SCORE = 80  # rapidfuzz ratio: "Dupond" for "Dupont", "Nguyen" for "Nguyên"
_TIME_CUES = re.compile(
    r"\b(today|tomorrow|tonight|week|weekend|month|morning|afternoon|evening|noon|midday|"
    r"soon|asap|possible|earliest|latest|later|earlier|next|after|before|early|late|"
    r"aujourd hui|demain|apres demain|ce soir|semaine|week end|mois|matin|matinee|"
    r"apres midi|soir|soiree|midi|tot|tard|plus tot|plus tard|prochain|prochaine|apres|avant|"
    r"des que|au plus vite|h|heures?|o clock)\b"
)
_CHANGE_INTENTS = frozenset({Intent.BOOK, Intent.RESCHEDULE, Intent.CANCEL})
_WRITE_PHASES = frozenset({"confirm", "new_patient"})
_NO_YES_NO_ASKED = frozenset({"greeting", "identity"})
"""Phases whose question has no yes or no for an answer."""
_SINGLE_LETTERS = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _rules() -> Any:
    from agent.brains.rules import RulesBrain  # type: ignore[import-not-found,unused-ignore]

    return RulesBrain()


@dataclass
class Evidence:
    """The caller's words, in the forms the embedded understanding reads them."""

    text: str
    context: BrainContext

    @cached_property
    def reading(self) -> Understanding:
        """What the rule brain understands of the same turn."""
        return _rules().read(self.text, self.context)  # type: ignore[no-any-return]

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def spoken(self) -> str:
        """Folded, with numbers said in words as digits ("douze mars" -> "12 mars")."""
        language = self.reading.language or self.context.language
        return spell_out_numbers(self.folded, language, self.context.language)

    @cached_property
    def words(self) -> set[str]:
        words = set(_WORD.findall(self.spoken)) | set(_WORD.findall(self.folded))
        # A name spelled letter by letter: "d u p o n t" -> "dupont".
        words |= {m.group(0).replace(" ", "") for m in _SINGLE_LETTERS.finditer(self.folded)}
        return words

    @cached_property
    def numbers(self) -> set[int]:
        # Digits only: spell_out_numbers already turned number words into digits where they
        # are numbers ("douze mars"), and "a"/"un" must not count as a 1.
        return {int(n) for n in re.findall(r"\d+", self.spoken)}

    def has_word(self, word: str) -> bool:
        if word in self.words:
            return True
        if len(word) < 4:
            return False
        return any(fuzz.ratio(word, said) >= _NAME_SCORE for said in self.words if len(said) > 2)

    def has_name(self, name: str) -> bool:
        parts = [p for p in re.split(r"[\s'-]+", fold(name)) if len(p) > 1]
        return bool(parts) and all(self.has_word(p) for p in parts)

    def has_date(self, value: date) -> bool:
        today = self.context.now.date()
        spans = find_dates(self.spoken, today, prefer="past")
        spans += find_dates(self.spoken, today, prefer="future")
        if any(span.value == value for span in spans):
            return True
        # "born the 7th of March, 84": the day, the month and the year are all in the words.
        month_said = value.month in self.numbers or any(
            MONTHS.get(w) == value.month for w in self.words
        )
        year_said = value.year in self.numbers or value.year % 100 in self.numbers
        return value.day in self.numbers and month_said and year_said

    def has_digits(self, phone: str) -> bool:
        wanted = re.sub(r"\D", "", phone)[-8:]
        return bool(wanted) and wanted in re.sub(r"\D", "", self.spoken + " " + self.text)

    def has_practitioner(self, name: str) -> bool:
        if self.reading.practitioner_name is not None:
            return True
        parts = [p for p in fold(name).split() if p not in _TITLES and len(p) > 1]
        return any(self.has_word(p) for p in parts)

    def has_time_cue(self) -> bool:
        if self.reading.time is not None or self.reading.choice is not None:
            return True
        if self.numbers or any(w in WEEKDAYS or w in MONTHS for w in self.words):
            return True
        return bool(_TIME_CUES.search(self.folded))

    def supports_choice(self, index: int) -> bool:
        said = self.reading.choice
        if said is not None:
            return said == index  # an explicit "the second one" wins over the model
        option = next((o for o in self.context.offered if o.index == index), None)
        if option is None:
            return False
        count = len(self.context.offered)
        start = option.start.astimezone(self.context.now.tzinfo)
        ranks = {r % count if r < 0 else r for w, r in ORDINALS.items() if w in self.words}
        if index in ranks or start.hour in self.numbers or start.day in self.numbers:
            return True
        if any(WEEKDAYS.get(w) == start.isoweekday() for w in self.words):
            return True
        if option.practitioner_name and self.has_practitioner(option.practitioner_name):
            return True
        # "yes, that one" when a single option was offered.
        return count == 1 and self.reading.affirmative is True

    def adds_change(self) -> bool:
        """Do the words ask for something else than the read-back (another day, option...)?"""
        r = self.reading
        return bool(
            r.time is not None
            or r.choice is not None
            or r.wants_other_options
            or r.wants_later
            or r.wants_earlier
            or r.practitioner_name
            or r.intent in _CHANGE_INTENTS
        )


def ground(
    understanding: Understanding, text: str, context: BrainContext, dropped: list[str]
) -> Understanding:
    """Drop every value of ``understanding`` that the caller's words do not support.

    Args:
        understanding: what the model read.
        text: the caller's words for this turn.
        context: the conversation state (offered options, phase, today).
        dropped: the names of dropped fields are appended to it.

    Returns:
        The understanding without unsupported values.
    """
    u = understanding
    evidence = Evidence(text, context)
    changes: dict[str, Any] = {}
    for field in ("given_name", "family_name"):
        value = getattr(u, field)
        if value and not evidence.has_name(value):
            changes[field] = None
    if u.birth_date is not None and not evidence.has_date(u.birth_date):
        changes["birth_date"] = None
    if u.phone and not evidence.has_digits(u.phone):
        changes["phone"] = None
    if u.practitioner_name and not evidence.has_practitioner(u.practitioner_name):
        changes["practitioner_name"] = None
    if u.choice is not None and not evidence.supports_choice(u.choice):
        changes["choice"] = None
    if u.any_practitioner and not evidence.reading.any_practitioner:
        # "anyone" is a preference about practitioners: the words must say it.
        changes["any_practitioner"] = False
    if (
        context.phase in _NO_YES_NO_ASKED
        and u.affirmative is not None
        and evidence.reading.affirmative is None
    ):
        # Nothing was asked that "yes" or "no" answers, and the words hold neither.
        changes["affirmative"] = None
    if u.time is not None and not evidence.has_time_cue():
        changes["time"] = None
    if (
        context.phase in _WRITE_PHASES
        and u.affirmative
        and evidence.reading.affirmative is not True
    ):
        # A yes here writes (a booking, a cancellation, a registration): the words must say
        # yes in a form the embedded understanding knows, or the agent asks again.
        changes["affirmative"] = None
    if (
        context.phase == "new_patient"
        and u.new_patient
        and not (evidence.reading.new_patient or evidence.reading.affirmative)
    ):
        changes["new_patient"] = None
    if context.phase == "confirm" and u.affirmative is not None and not evidence.adds_change():
        # "Yes." after a read-back is a yes: extra fields would read as wanting another slot.
        for field, empty in (
            ("choice", None),
            ("time", None),
            ("practitioner_name", None),
            ("wants_other_options", False),
            ("wants_later", False),
            ("wants_earlier", False),
        ):
            if getattr(u, field) != empty:
                changes[field] = empty
        if u.intent in _CHANGE_INTENTS:
            changes["intent"] = None
    if not changes:
        return u
    dropped.extend(sorted(changes))
    return u.model_copy(update=changes)
