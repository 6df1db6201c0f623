"""When would the patient like to come? Relative expressions by precompiled patterns, absolute
dates through ``dates`` (dateparser), all anchored on the practice-local ``now``.

Spans already read are blanked out of a working copy of the text so one phrase is never read
twice ("après-midi" is a part of the day, not "after noon"; "14h30" is not a date).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from agent.nlu.dates import find_dates
from agent.nlu.lexicon import NUMBERS, WEEKDAYS
from agent.nlu.timeofday import (
    APPROXIMATE,
    AT,
    BETWEEN,
    CLOCK,
    FIRM_AT,
    NOT_AFTER,
    NOT_BEFORE,
    PARTS_OF_DAY,
    clock_time,
    spoken_clock,
)
from agent.understanding import TimePreference

_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_NUM = r"(?:\d{1,2}|" + "|".join(NUMBERS) + ")"
_ASAP = re.compile(
    r"\b(?:as soon as possible|asap|a s a p|earliest|first available|soonest|right away"
    r"|au plus vite|des que possible|le plus tot possible|au plus tot|le plus vite possible"
    r"|le plus rapidement|rapidement|en urgence|urgently|the sooner the better"
    r"|premier (?:creneau|rendez vous|rdv) (?:disponible|libre|possible)|premiere disponibilite"
    r"|le plus tot|au plus rapide|quickly|soon as|premier disponible|whatever you have first"
    r"|first (?:slot|appointment|thing) you have|ce que vous avez de plus tot)\b"
)
_EXCEPT = re.compile(
    r"\b(?:not on|not|pas le|pas|sauf le|sauf|except|excepte le|but not) (?:the |les? )?"
    rf"({_WEEKDAY})s?\b"
)
# Said about something that happened ("la facture de lundi dernier", "my test last week"):
# never a wish for an appointment.
_PAST = re.compile(
    rf"\b(?:(?:last|past|previous) (?:week|month|year|{_WEEKDAY})s?|(?:la )?semaine (?:derniere"
    rf"|passee)|(?:le )?mois (?:dernier|passe)|{_WEEKDAY} (?:dernier|passe)|yesterday"
    r"|avant hier|hier|ce matin|this morning|earlier today|il y a \w+ (?:jours?|semaines?|mois)"
    r"|\w+ (?:days?|weeks?|months?) ago)\b"
)
_WEEKDAY_DAY = re.compile(
    rf"\b({_WEEKDAY})\s+(?:the\s+|le\s+)?(\d{{1,2}})(?:er|st|nd|rd|th|eme|e)?\b"
    r"(?!\s*(?:h\b|:|heures?|am|pm|o ?clock|\d|de |of |janvier|fevrier|mars|avril|mai|juin"
    r"|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june"
    r"|july|august|september|october|november|december))"
)
_OF_MONTH = re.compile(
    r"\b(?:the |le )?(\d{1,2})(?:er|st|nd|rd|th|eme|e)? (?:of |du |de )?"
    r"(next month|(?:du )?mois prochain|this month|ce mois(?: ci)?)\b"
)
_BARE_CLOCK = re.compile(r"\b(\d{1,2})\s*(?::|h\b|heures?\b)\s*(\d{2})?\b")
_WITHIN = re.compile(
    rf"\b(?:within|over|during|sous|d ici|(?:in|dans|over|sur) (?:the|les) (?:next |prochaines? )?)"
    rf"({_NUM}) (weeks?|semaines?|days?|jours)(?: qui (?:suivent|viennent)| a venir)?\b"
)
_COMING_DAYS = re.compile(
    r"\b(?:the (?:following|next few|coming) days|in the (?:next|coming) (?:few )?days"
    r"|les (?:jours|prochains jours) (?:suivants|qui suivent|qui viennent)|les prochains jours"
    r"|dans les (?:jours|prochains jours) (?:qui (?:suivent|viennent)|a venir))\b"
)
_DAY_OF_MONTH = re.compile(r"\b(?:le|the|on the) (\d{1,2})(?:er|st|nd|rd|th|eme|e)?\b(?! ?\d)")


def _blank(text: str, m: re.Match[str]) -> str:
    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]


def _week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.isoweekday() - 1)
    return monday, monday + timedelta(days=6)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


def _next_weekday(today: date, iso: int, *, include_today: bool) -> date:
    delta = (iso - today.isoweekday()) % 7
    if delta == 0 and not include_today:
        delta = 7
    return today + timedelta(days=delta)


class _Reader:
    """Accumulates one TimePreference from a folded turn."""

    def __init__(self, text: str, now: datetime) -> None:
        self.text = text
        self.today = now.date()
        self.pref = TimePreference()
        self.found = False

    def set(self, **fields: object) -> None:
        for key, value in fields.items():
            setattr(self.pref, key, value)
        self.found = True

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.search(self.text)
        if m:
            self.text = _blank(self.text, m)
        return m

    def window(self, start: date, end: date) -> None:
        self.set(earliest_date=max(start, self.today), latest_date=end)

    def approximate(self) -> None:
        """ "After lunch", "first thing in the morning", "en début d'après-midi"."""
        for pattern, start, end in APPROXIMATE:
            if self.take(pattern):
                self.set(not_before=start, not_after=end)
                return

    def times(self) -> None:
        if self.pref.not_before or self.pref.not_after:
            return
        if m := self.take(BETWEEN):
            self.set(not_before=clock_time(m.groups()[:4]), not_after=clock_time(m.groups()[4:]))
        if m := self.take(NOT_BEFORE):
            self.set(not_before=clock_time(m.groups()))
        if m := self.take(NOT_AFTER):
            self.set(not_after=clock_time(m.groups()))
        if self.pref.not_before is None and self.pref.not_after is None:
            m = AT.search(self.text)
            if m is None:
                self.bare_clock()
                return
            groups = m.groups()[1:]
            clock = any(groups[1:]) or CLOCK.search(m.group(0))
            at = clock_time(groups) if clock or m.group(1) in FIRM_AT else None
            if at:  # "at 10", "around 10": from 10:00, within the hour (the slot search
                # offers the nearest free slots when that hour is full)
                self.text = _blank(self.text, m)
                end = (datetime.combine(self.today, at) + timedelta(hours=1)).time()
                self.set(not_before=at, not_after=end if end > at else time(23, 59))

    def bare_clock(self) -> None:
        """A clock time said alone ("morning 10:30", "15 h"): about that time."""
        m = self.take(_BARE_CLOCK)
        if m is None:
            return
        at = clock_time((m.group(1), m.group(2), None, None))
        if at is not None:
            moment = datetime.combine(self.today, at)
            start, end = moment - timedelta(minutes=45), moment + timedelta(minutes=45)
            self.set(not_before=start.time(), not_after=end.time())

    def parts_of_day(self) -> None:
        for part, pattern in PARTS_OF_DAY:
            if self.take(pattern):
                self.set(part_of_day=part)
                return

    def relative_days(self) -> None:
        t, today = self.text, self.today
        rules: list[tuple[str, int]] = [
            (r"\b(?:apres demain|after tomorrow|day after tomorrow)\b", 2),
            (r"\b(?:demain|tomorrow|tmrw|tmw)\b", 1),
            (r"\b(?:aujourd hui|today|ce jour(?! la)|tout de suite)\b", 0),
        ]
        for pattern, days in rules:
            m = re.search(pattern, t)
            if m:
                self.text = _blank(self.text, m)
                day = today + timedelta(days=days)
                self.set(earliest_date=day, latest_date=day)
                return

    def weeks(self) -> None:
        today = self.today
        if m := self.take(_WITHIN):  # "dans les deux semaines qui suivent": from today on
            n = _number(m.group(1))
            days = n * 7 if m.group(2).startswith(("week", "semaine")) else n
            self.window(today, today + timedelta(days=days))
            return
        if self.take(_COMING_DAYS):
            self.window(today + timedelta(days=1), today + timedelta(days=7))
            return
        week_after = self.take(
            re.compile(
                r"\b(?:week after next|dans deux semaines|in two weeks"
                r"|in 2 weeks|dans 15 jours|dans quinze jours"
                r"|la semaine d apres|the following week)\b"
            )
        )
        if week_after:
            self.window(*_week_bounds(today + timedelta(days=14)))
            return
        if m := self.take(
            re.compile(
                rf"\b(?:in|dans) ({_NUM}) (weeks?|semaines?|days?|jours?"
                r"|months?|mois)\b"
            )
        ):
            n, unit = _number(m.group(1)), m.group(2)
            if unit.startswith(("day", "jour")):
                day = today + timedelta(days=n)
                self.set(earliest_date=day, latest_date=day)
            elif unit.startswith(("week", "semaine")):
                self.window(*_week_bounds(today + timedelta(weeks=n)))
            else:
                start = today + timedelta(days=30 * n)
                self.window(start - timedelta(days=3), start + timedelta(days=7))
            return
        if self.take(
            re.compile(
                r"\b(?:debut de (?:la )?semaine prochaine|early next week"
                r"|beginning of next week|start of next week)\b"
            )
        ):
            monday = _week_bounds(today)[0] + timedelta(days=7)
            self.window(monday, monday + timedelta(days=1))
        elif self.take(
            re.compile(
                r"\b(?:fin de (?:la )?semaine prochaine|end of next week"
                r"|late next week)\b"
            )
        ):
            monday = _week_bounds(today)[0] + timedelta(days=7)
            self.window(monday + timedelta(days=3), monday + timedelta(days=5))
        elif self.take(
            re.compile(
                r"\b(?:(?:la |the )?semaine prochaine|next week"
                r"|la semaine qui vient|coming week)\b"
            )
        ):
            self.window(*(d + timedelta(days=7) for d in _week_bounds(today)))
        elif self.take(
            re.compile(
                r"\b(?:ce week ?end|this week ?end|le week ?end"
                r"|the week ?end|over the weekend|samedi ou dimanche)\b"
            )
        ):
            saturday = _week_bounds(today)[0] + timedelta(days=5)
            self.window(saturday, saturday + timedelta(days=1))
            self.set(weekdays=[6, 7])
        elif self.take(
            re.compile(
                r"\b(?:fin de (?:la )?semaine|end of (?:the|this) week"
                r"|later this week|en fin de semaine)\b"
            )
        ):
            monday = _week_bounds(today)[0]
            self.window(monday + timedelta(days=3), monday + timedelta(days=5))
        elif self.take(re.compile(r"\b(?:cette semaine|this week|dans la semaine)\b")):
            self.window(*_week_bounds(today))
        elif self.take(re.compile(r"\b(?:le mois prochain|next month|the month after)\b")):
            first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            self.window(first, last)

    def weekdays(self) -> None:
        excluded = set()
        while m := self.take(_EXCEPT):
            excluded.add(WEEKDAYS[m.group(1)])
        if excluded:
            self.set(weekdays=[d for d in range(1, 8) if d not in excluded])
        found = [(m, WEEKDAYS[m.group(2)]) for m in re.finditer(
            rf"\b(ce |cette |this |next |on |le |les |every |chaque )?({_WEEKDAY})s?"
            r"( prochain| next| qui vient| d apres| of next week| de la semaine prochaine)?\b",
            self.text)]  # fmt: skip
        if not found:
            return
        isos = sorted({iso for _, iso in found})
        if len(isos) > 1 or any((m.group(1) or "").strip() in ("les", "every", "chaque")
                                for m, _ in found):  # fmt: skip
            self.set(weekdays=isos)
            return
        m, iso = found[0]
        prefix = self.text[max(0, m.start() - 14) : m.start()]
        this = (m.group(1) or "").strip() in ("ce", "cette", "this")
        if self.pref.earliest_date and self.pref.latest_date and not self.pref.weekdays:
            # "mardi de la semaine prochaine": the weekday inside an already-read week.
            start = self.pref.earliest_date
            day = _next_weekday(start, iso, include_today=True)
            if day <= self.pref.latest_date:
                self.set(earliest_date=day, latest_date=day, weekdays=[iso])
                return
        day = _next_weekday(self.today, iso, include_today=this)
        if m.group(3) and m.group(3).strip() in ("of next week", "de la semaine prochaine"):
            day = _week_bounds(self.today)[0] + timedelta(days=7 + iso - 1)
        if re.search(r"\b(?:avant|before|until|jusqu a|by|d ici)\s*$", prefix):
            latest = (
                day
                if re.search(r"\b(?:until|jusqu a|by|d ici)\s*$", prefix)
                else (day - timedelta(days=1))
            )
            self.set(earliest_date=self.today, latest_date=latest)
        elif re.search(r"\b(?:apres|after)\s*$", prefix):
            self.set(earliest_date=day + timedelta(days=1))
        elif re.search(r"\b(?:a partir de|from|starting|des)\s*$", prefix):
            self.set(earliest_date=day)
        else:
            self.set(earliest_date=day, latest_date=day, weekdays=[iso])

    def month_days(self) -> bool:
        """ "Monday the 30th", "mardi 1er", "the 2nd of next month", "le 27 de ce mois-ci"."""
        if m := self.take(_OF_MONTH):
            first = self.today.replace(day=1)
            if "next" in m.group(2) or "prochain" in m.group(2):
                first = (first + timedelta(days=32)).replace(day=1)
            try:
                day = first.replace(day=int(m.group(1)))
            except ValueError:
                return False
            self.set(earliest_date=max(day, self.today), latest_date=max(day, self.today))
            return True
        if m := self.take(_WEEKDAY_DAY):
            value = self._day_of_month(int(m.group(2)))
            if value is not None:
                self.set(earliest_date=value, latest_date=value, weekdays=[value.isoweekday()])
                return True
        return False

    def absolute_dates(self, allow_day_only: bool) -> None:
        spans = [s for s in find_dates(self.text, self.today) if not s.has_year
                 or s.value >= self.today]  # fmt: skip
        days = [s.value for s in spans]
        for s in spans:
            start = s.start
            glued = re.search(rf"\b{_WEEKDAY}\s+(?:the\s+|le\s+)?$", self.text[: s.start])
            if glued:  # "Tuesday 24 November": the weekday is part of the date
                start = glued.start()
            self.text = self.text[:start] + " " * (s.end - start) + self.text[s.end :]
        if not days and allow_day_only and (m := _DAY_OF_MONTH.search(self.text)):
            value = self._day_of_month(int(m.group(1)))
            if value:
                days, self.text = [value], _blank(self.text, m)
                spans = []
        if not days:
            return
        start = spans[0].start if spans else 0
        prefix = self.text[max(0, start - 16) : start]
        first = min(days)
        if len(days) > 1:
            self.set(earliest_date=first, latest_date=max(days))
        elif re.search(r"\b(?:avant|before)\s*(?:le |the )?$", prefix):
            self.set(earliest_date=self.today, latest_date=first - timedelta(days=1))
        elif re.search(r"\b(?:until|jusqu au|by|d ici (?:le|au))\s*(?:le |the )?$", prefix):
            self.set(earliest_date=self.today, latest_date=first)
        elif re.search(r"\b(?:apres|after)\s*(?:le |the )?$", prefix):
            self.set(earliest_date=first + timedelta(days=1))
        elif re.search(r"\b(?:a partir du|from|starting|des le|from the)\s*(?:le |the )?$", prefix):
            self.set(earliest_date=first)
        else:
            self.set(earliest_date=first, latest_date=first)

    def _day_of_month(self, day: int) -> date | None:
        candidate = self.today
        for _ in range(3):
            try:
                value = candidate.replace(day=day)
            except ValueError:
                value = None
            if value and value >= self.today:
                return value
            candidate = (candidate.replace(day=1) + timedelta(days=32)).replace(day=1)
        return None


def read_time(
    folded: str, now: datetime, *, dates: bool = True, day_only: bool = True
) -> TimePreference | None:
    """Read the patient's time preference from a folded turn.

    Args:
        folded: folded (and spelling-corrected) turn.
        now: practice-local now (aware); "Tuesday" is the next Tuesday after it.
        dates: read absolute calendar dates (off when they are birth dates).
        day_only: read "le 3" / "the 3rd" as a day of the month (off while options are on
            offer: "le 2" then means the second option).

    Returns:
        The preference, or None when the turn says nothing about time.
    """
    reader = _Reader(spoken_clock(_PAST.sub(" ", folded)), now)
    if reader.take(_ASAP):
        reader.set(asap=True)
    if dates and not reader.month_days():
        reader.absolute_dates(day_only)
    reader.approximate()
    reader.parts_of_day()
    reader.times()
    reader.relative_days()
    reader.weeks()
    reader.weekdays()
    return reader.pref if reader.found else None
