"""The demo practice's staff and places: who works where, on which days, at which hours.

Schedules do not depend on the seed, so eval scenarios can rely on them ("Dr Martin does
not work on Wednesdays"). Hours are practice-local; the gap between a day's intervals is
the lunch break.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

ORGANIZATION_ID = "org-tilleuls"
ORGANIZATION_NAME = "Maison de santé des Tilleuls"
ORGANIZATION_PHONE = "+33199001234"
ORGANIZATION_EMAIL = "accueil@tilleuls.example"
CITY = "Paris"
POSTAL_CODE = "75011"

Interval = tuple[time, time]
WeeklyHours = dict[int, tuple[Interval, ...]]
"""ISO weekday (1 = Monday .. 7 = Sunday) -> working intervals that day, in order."""

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _h(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _day(*intervals: str) -> tuple[Interval, ...]:
    """``_day("08:30-12:30", "14:00-18:30")`` -> two intervals with a lunch break between."""
    pairs = (interval.split("-") for interval in intervals)
    return tuple((_h(a), _h(b)) for a, b in pairs)


@dataclass(frozen=True)
class SiteSpec:
    """A building of the practice."""

    id: str
    name: str
    street: str
    description: str


@dataclass(frozen=True)
class StaffSpec:
    """One practitioner of the demo practice and their weekly pattern."""

    key: str
    """Short stable key: ids are ``pract-<key>``, ``role-<key>``, ``sched-<key>``."""
    prefix: str | None
    given: str
    family: str
    gender: str
    specialty: str
    location_id: str
    slot_minutes: int
    hours: WeeklyHours
    languages: tuple[str, ...] = ("fr",)

    @property
    def practitioner_id(self) -> str:
        return f"pract-{self.key}"

    @property
    def display_name(self) -> str:
        """Full name with title, e.g. "Dr Claire Martin" (physiotherapists have none)."""
        parts = [self.prefix, self.given, self.family]
        return " ".join(p for p in parts if p)

    @property
    def working_days(self) -> list[int]:
        """ISO weekdays with at least one working interval."""
        return sorted(day for day, intervals in self.hours.items() if intervals)


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        "loc-main",
        "Maison de santé des Tilleuls",
        "12 rue des Tilleuls",
        "Bâtiment principal : médecine générale, pédiatrie, dermatologie, gynécologie.",
    ),
    SiteSpec(
        "loc-annex",
        "Annexe des Tilleuls",
        "14 rue des Tilleuls",
        "Annexe : cabinet dentaire et kinésithérapie, rez-de-chaussée accessible.",
    ),
)

_GP_FULL = _day("08:30-12:30", "14:00-18:30")
_LATE_GP = _day("09:00-12:30", "14:30-19:30")
_PAEDS = _day("08:30-12:00", "13:30-17:30")
_DENTAL = _day("09:00-12:30", "14:00-18:30")
_PHYSIO = _day("08:00-12:00", "13:00-19:00")
_SPECIALIST = _day("09:00-12:00", "13:30-17:00")
_GYN = _day("09:00-12:30", "14:00-17:30")

STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(
        "martin",
        "Dr",
        "Claire",
        "Martin",
        "female",
        "general-practice",
        "loc-main",
        20,
        {1: _GP_FULL, 2: _GP_FULL, 4: _GP_FULL, 5: _GP_FULL, 6: _day("09:00-12:00")},
        ("fr", "en"),
    ),
    StaffSpec(
        "dubois",
        "Dr",
        "Thomas",
        "Dubois",
        "male",
        "general-practice",
        "loc-main",
        15,
        {1: _LATE_GP, 2: _LATE_GP, 3: _LATE_GP, 4: _LATE_GP, 5: _LATE_GP},
    ),
    StaffSpec(
        "obrien",
        "Dr",
        "James",
        "O'Brien",
        "male",
        "general-practice",
        "loc-main",
        20,
        {
            1: _day("08:00-12:00"),
            3: _day("08:00-12:00", "13:00-17:00"),
            4: _day("08:00-12:00"),
            6: _day("09:00-12:00"),
        },
        ("en", "fr"),
    ),
    StaffSpec(
        "lefevre",
        "Dr",
        "Hélène",
        "Lefèvre",
        "female",
        "paediatrics",
        "loc-main",
        30,
        {1: _PAEDS, 2: _PAEDS, 3: _PAEDS, 5: _PAEDS, 6: _day("09:00-12:00")},
    ),
    StaffSpec(
        "roux",
        "Dr",
        "Antoine",
        "Roux",
        "male",
        "dentistry",
        "loc-annex",
        30,
        {1: _DENTAL, 2: _DENTAL, 3: _DENTAL, 4: _DENTAL},
    ),
    StaffSpec(
        "moreau",
        None,
        "Camille",
        "Moreau",
        "female",
        "physiotherapy",
        "loc-annex",
        30,
        {1: _PHYSIO, 2: _PHYSIO, 3: _PHYSIO, 4: _PHYSIO, 5: _PHYSIO, 6: _day("08:00-12:00")},
    ),
    StaffSpec(
        "carter",
        "Dr",
        "Emily",
        "Carter",
        "female",
        "dermatology",
        "loc-main",
        15,
        {2: _SPECIALIST, 4: _SPECIALIST},
        ("en", "fr"),
    ),
    StaffSpec(
        "benali",
        "Dr",
        "Nadia",
        "Benali",
        "female",
        "gynaecology",
        "loc-main",
        20,
        {1: _GYN, 3: _GYN, 5: _GYN},
    ),
)
"""Nobody works on Sundays; Dr Martin is off on Wednesdays, Dr Lefèvre on Thursdays."""
