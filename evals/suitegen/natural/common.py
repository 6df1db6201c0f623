"""Shared pieces of the natural suite: the cast, the days of the demo calendar, windows and a
booking scenario builder. The clock is Monday 23 November 2026, 09:10 (Paris)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from evals.suitegen.common import ADULTS, MONDAY, Person, cycle, next_week, scenario

GPS = ["pract-martin", "pract-dubois", "pract-obrien"]
TODAY = MONDAY.date()
CATEGORY = {"book": "booking", "change": "changes", "request": "complex"}
NOT_UNDERSTOOD = {"en": ["didn't catch that"], "fr": ["pas bien compris"]}
ASK_IDENTITY = {"en": ["May I have your first name"], "fr": ["me donner votre nom, votre prénom"]}


def day(offset: int) -> date:
    """The day ``offset`` days after the clock's Monday."""
    return TODAY + timedelta(days=offset)


def window(
    first: date,
    last: date | None = None,
    *,
    not_before: str | None = None,
    not_after: str | None = None,
    part: str | None = None,
    weekdays: list[int] | None = None,
) -> dict[str, Any]:
    """An acceptance (and expectation) window."""
    out: dict[str, Any] = {"from": first.isoformat(), "to": (last or first).isoformat()}
    if not_before:
        out["not_before"] = not_before
    if not_after:
        out["not_after"] = not_after
    if part:
        out["part_of_day"] = part
    if weekdays:
        out["weekdays"] = weekdays
    return out


def within(days: int) -> dict[str, Any]:
    """From today to ``days`` days later."""
    return window(TODAY, day(days))


NEXT_WEEK = next_week(MONDAY)
PEOPLE = {language: cycle(ADULTS[language]) for language in ("en", "fr")}


def person(language: str) -> Person:
    """The next adult of the demo cast (no visit in the calendar) for ``language``."""
    return next(PEOPLE[language])  # type: ignore[no-any-return]


def booking(
    sid: str,
    language: str,
    *,
    opening: str,
    accept: dict[str, Any],
    practitioners: list[str] | None = None,
    when: str | None = None,
    who: Person | None = None,
    persona: str = "terse",
    patient: dict[str, Any] | None = None,
    tags: list[str],
    goal: dict[str, Any] | None = None,
    expect: dict[str, Any] | None = None,
    speech: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A caller who wants a visit inside ``accept`` with one of ``practitioners``."""
    facts = patient or (who or person(language)).facts(persona)
    wanted = practitioners or GPS
    booked = {"practitioner": wanted, "window": accept}
    return scenario(
        f"natural-{sid}-{language}",
        "booking",
        language,
        patient=facts,
        goal={
            "intent": "book",
            "opening": opening,
            "when": when,
            "accept": accept,
            "accept_practitioners": wanted,
            **(goal or {}),
        },
        expect={"booked": booked, **(expect or {})},
        speech=speech,
        tags=["natural", *tags],
    )
