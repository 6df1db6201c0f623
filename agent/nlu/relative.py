"""Windows relative to another visit: "the week after my appointment", "dans les deux semaines
qui suivent", "two weeks after the one on Tuesday", "trois semaines après celle du 25",
"a month after".

The reading says how far from the visit (``RelativeWindow``); the window itself is made from
the visit's day, which the same turn may name ("my appointment on Thursday") or the graph
knows (the visit being moved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from agent.nlu.lexicon import NUMBERS
from agent.understanding import TimePreference

_N = r"(a|an|one|two|three|four|1|2|3|4|une|un|deux|trois|quatre)"
_WEEK_AFTER = re.compile(
    r"\b(?:the|la) (?:week|semaine) (?:after|d apres|suivante|qui suit|d apres)\b"
    r"|\b(?:the )?following week\b|\bweek after\b|\bsemaine (?:d )?apres\b"
)
# Only the forms that count from something else: "within two weeks" alone counts from today.
_WITHIN = re.compile(
    rf"\b(?:within|in) (?:the )?{_N} weeks? (?:after|following)\b"
    rf"|\b(?:within|in) the following {_N} weeks?\b"
    rf"|\bdans les {_N} semaines (?:qui suivent|suivantes|d apres|apres)\b"
)
_AFTER = re.compile(
    rf"\b{_N} (?:weeks?|semaines?) (?:after|apres|following)\b"
    rf"|\b(a|one|un) (month|mois) (?:after|apres)\b"
)


@dataclass(frozen=True)
class RelativeWindow:
    """Days after a visit: the calendar week after it, a span right after it, or a week
    around a number of weeks later."""

    kind: str  # "week_after" | "within" | "weeks_after"
    days: int

    def from_visit(self, visit: date, narrower: TimePreference | None = None) -> TimePreference:
        """The window this reading makes from the visit's day, narrowed by the weekdays and
        times of ``narrower`` (the rest of the turn) when given."""
        if self.kind == "within":
            first, last = visit + timedelta(days=1), visit + timedelta(days=self.days)
        else:
            later = visit + timedelta(days=self.days)
            first = later - timedelta(days=later.weekday())  # that week, Monday to Sunday
            last = first + timedelta(days=6)
        window = TimePreference(earliest_date=first, latest_date=last)
        if narrower is not None:
            window.weekdays = list(narrower.weekdays)
            window.part_of_day = narrower.part_of_day
            window.not_before, window.not_after = narrower.not_before, narrower.not_after
        return window


_FOLLOWING = re.compile(
    r"\b(?:the following|the next) (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    r"|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi) (?:d apres|suivant)\b"
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


def read_relative(corrected: str) -> RelativeWindow | None:
    """How far after another visit the caller wants to come, if the turn says so."""
    if m := _WITHIN.search(corrected):
        return RelativeWindow("within", 7 * _count(next(g for g in m.groups() if g)))
    if m := _AFTER.search(corrected):
        groups = m.groups()
        if groups[2]:  # "a month after"
            return RelativeWindow("weeks_after", 30)
        return RelativeWindow("weeks_after", 7 * _count(groups[0]))
    if _WEEK_AFTER.search(corrected):
        return RelativeWindow("week_after", 7)
    if _FOLLOWING.search(corrected):
        return RelativeWindow("within", 7)  # "the following Monday": the one after the visit
    return None
