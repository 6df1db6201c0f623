"""Dates and times the way a receptionist says them, in French and English.

"mardi 24 novembre à 10 h 30" / "Tuesday 24 November at 10:30", always in the practice's
time zone. A small table rather than a locale library: two languages, one format each, and it
is on the hot path of every reply.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agent.understanding import Language

# Shared with the eval harness (evals.phrases), so simulated callers name days as the agent does.
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def say_day(day: date, language: Language) -> str:
    """A day as spoken: "mardi 24 novembre" / "Tuesday 24 November"."""
    weekday = WEEKDAYS[language][day.weekday()]
    month = MONTHS[language][day.month - 1]
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{weekday} {number} {month}"


def say_birth_date(day: date, language: Language) -> str:
    """A birth date as spoken: "3 mars 1980" / "3 March 1980"."""
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[language][day.month - 1]} {day.year}"


def say_time(moment: datetime, language: Language) -> str:
    """A time of day as spoken: "10 h 30" / "10 h" in French, "10:30" in English."""
    if language == "fr":
        return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
    return f"{moment.hour}:{moment.minute:02d}"


def say_when(moment: datetime | str, language: Language, tz: str) -> str:
    """A slot start as spoken in the practice's time zone.

    Args:
        moment: a timezone-aware datetime, or its ISO-8601 text.
        language: "fr" or "en".
        tz: the practice's IANA time zone, e.g. "Europe/Paris".

    Returns:
        "mardi 24 novembre à 10 h 30" or "Tuesday 24 November at 10:30".
    """
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    local = when.astimezone(ZoneInfo(tz))
    joint = "à" if language == "fr" else "at"
    return f"{say_day(local.date(), language)} {joint} {say_time(local, language)}"
