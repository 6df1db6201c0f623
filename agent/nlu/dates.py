"""Absolute calendar dates in a turn ("le 3 décembre", "March 12th 1985", "03/12", "1985-03-12").

Precompiled patterns find date-like spans cheaply; only those spans go to dateparser (French
and English, day first), so a turn without a date never pays for it. Parsing is cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

from agent.nlu.lexicon import MONTHS

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_SUFFIX = r"(?:er|ere|st|nd|rd|th|eme|e)?"
_YEAR = r"(?:\d{4}|\d{2})"
DATE_SPAN = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]" + _YEAR + r")?\b(?![/.-]?\d)"
    # A full date with no separator ("25081985", keyed on a phone's keypad) or spaces only
    # ("25 08 1985"): always day, month, four-digit year, so never a phone number's pairs.
    r"|(?<!\d)(?<!\d )\d{2} ?\d{2} ?\d{4}\b(?! ?\d)"
    rf"|\b\d{{1,2}}{_SUFFIX}(?: of| de)? {_MONTH}(?:,? {_YEAR})?\b(?! ?(?:h|:|heures?)\b)"
    rf"|\b{_MONTH} (?:the )?\d{{1,2}}{_SUFFIX}(?:,? {_YEAR})?\b(?! ?(?:h|:|heures?|am|pm)\b)"
)
"""A date-like span: ISO, numeric day-first, or with a month name (French or English)."""

_UNSEPARATED = re.compile(r"^(\d{2}) ?(\d{2}) ?(\d{4})$")
Prefer = Literal["future", "past"]
_PLAUSIBLE_YEARS = (-125, 5)
"""Years before/after today a spoken date may fall in (birth dates back to 125 years)."""


@dataclass(frozen=True)
class DateSpan:
    """A parsed date and where it sits in the folded text."""

    value: date
    start: int
    end: int
    has_year: bool


@lru_cache(maxsize=2048)
def parse_date(text: str, base: date, prefer: Prefer) -> date | None:
    """Parse one date-like span with dateparser, relative to ``base``; None when invalid."""
    parser = DateDataParser(
        languages=["fr", "en"],
        settings={
            "PREFER_DATES_FROM": prefer,
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError):  # dateparser raises on some impossible inputs
        return None
    return data.date_obj.date() if data and data.date_obj else None


def find_dates(folded: str, base: date, prefer: Prefer = "future") -> list[DateSpan]:
    """Every absolute date in ``folded`` (folded text), in order.

    Args:
        folded: the folded turn.
        base: today, practice-local: a date without a year is its next (or last) occurrence.
        prefer: "future" for appointments, "past" for birth dates.
    """
    spans: list[DateSpan] = []
    for m in DATE_SPAN.finditer(folded):
        text = _UNSEPARATED.sub(r"\1/\2/\3", m.group(0))
        value = parse_date(text, base, prefer)
        if (
            value is None
            or not _PLAUSIBLE_YEARS[0] <= value.year - base.year <= _PLAUSIBLE_YEARS[1]
        ):
            continue  # "9999-12-31" is nobody's appointment nor birthday
        has_year = bool(re.search(r"\d{4}|[/.-]\d{1,2}[/.-]\d{2}\b|\D \d{2}$", text))
        spans.append(DateSpan(value, m.start(), m.end(), has_year))
    return spans


def warm_up() -> None:
    """Load dateparser's French and English data now rather than on a patient's first date."""
    parse_date("3 décembre", date(2000, 1, 1), "future")
    parse_date("March 12th 1985", date(2000, 1, 1), "past")
