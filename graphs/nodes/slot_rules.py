"""How slot preferences accumulate over turns, and the practice's routing rules for bookings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from agent.clinic import ClinicConfig
from agent.understanding import Understanding
from graphs.context import Catalog
from graphs.state import Constraints, PatientRef

DEFAULT_SERVICE = "consultation"


def wants_slot_change(u: Understanding) -> bool:
    """The turn says something about which slot: who, what, when, later, earlier, other."""
    return bool(
        u.wants_later
        or u.wants_earlier
        or u.wants_other_options
        or u.time
        or u.practitioner_name
        or u.any_practitioner
        or u.same_practitioner_as_last_time
        or u.specialty
        or u.service
    )


def merge_constraints(current: Constraints, u: Understanding) -> Constraints:
    """Fold a turn's preferences into those already given.

    A new day (or "as soon as possible") replaces the previous days; a part of day or a
    time bound refines them; a new practitioner replaces the previous one.
    """
    c = current.model_copy(deep=True)
    if u.any_practitioner:
        c.any_practitioner = True
        c.practitioner_ids, c.practitioner, c.practitioner_query, c.same_as_last = (
            [],
            None,
            None,
            False,
        )
    if u.practitioner_name:
        c.practitioner_query = u.practitioner_name[:200]
        c.any_practitioner, c.same_as_last = False, False
    if u.same_practitioner_as_last_time:
        c.same_as_last, c.any_practitioner, c.practitioner_query = True, False, None
    if u.specialty and u.specialty != c.specialty:
        c.specialty = u.specialty
        if not u.practitioner_name:
            c.practitioner_ids, c.practitioner = [], None
    if u.service:
        c.service = u.service
    if u.visit_reason:
        c.reason = u.visit_reason[:200]
    if u.appointment_day:
        c.appointment_on = u.appointment_day.isoformat()
    if u.move:
        c.move, c.move_days = u.move, u.move_days
    t = u.time
    if t is not None:
        if t.earliest_date or t.latest_date or t.weekdays:
            c.earliest_date = t.earliest_date.isoformat() if t.earliest_date else None
            c.latest_date = t.latest_date.isoformat() if t.latest_date else None
            c.weekdays = [d for d in t.weekdays if 1 <= d <= 7]
            c.asap = False
        if t.asap:
            c.asap, c.earliest_date, c.latest_date, c.weekdays = True, None, None, []
        if t.part_of_day:
            c.part_of_day = t.part_of_day
        if t.not_before:
            c.not_before = t.not_before.strftime("%H:%M")
        if t.not_after:
            c.not_after = t.not_after.strftime("%H:%M")
        c.after = c.before = None
        c.widened, c.widen_asked = 0, False
    return c


def move_from(c: Constraints, start: datetime) -> Constraints:
    """Turn "later in the day", "earlier", "a week later" into bounds around the visit at
    ``start``; a day or time the caller named wins over a relative move."""
    moved = c.model_copy(deep=True)
    day = start.date()
    if moved.move == "later_same_day":
        moved.earliest_date = moved.latest_date = day.isoformat()
        moved.not_before = (start + timedelta(minutes=10)).strftime("%H:%M")
    elif moved.has_time() or moved.move is None:
        return moved
    elif moved.move == "earlier":
        moved.before = start.isoformat()
    elif moved.move == "later" and moved.move_days:
        first = day + timedelta(days=max(1, moved.move_days - 3))
        moved.earliest_date = first.isoformat()
        moved.latest_date = (day + timedelta(days=moved.move_days + 3)).isoformat()
    elif moved.move == "later":
        moved.after = start.isoformat()
    else:  # another day
        moved.earliest_date = (day + timedelta(days=1)).isoformat()
    return moved


NEAREST = timedelta(hours=2)
"""How far from a time asked for the nearest free slots may be."""


def around(c: Constraints) -> Constraints:
    """The same wish with its times loosened by ``NEAREST`` either side (same days)."""
    near = c.model_copy(deep=True)
    day = datetime(2000, 1, 3)
    if near.not_before:
        start = datetime.combine(day, time.fromisoformat(near.not_before)) - NEAREST
        near.not_before = max(start, day).strftime("%H:%M")
    if near.not_after:
        end = datetime.combine(day, time.fromisoformat(near.not_after)) + NEAREST
        near.not_after = min(end, day.replace(hour=23, minute=59)).strftime("%H:%M")
    near.part_of_day = None
    return near


AROUND_DAYS = (3, 7)
"""A wish pinned to days, widened once, becomes the days from 3 before to 7 after it: someone
who asked for Friday the 18th can come that week or the next, not necessarily tomorrow."""


def _around_days(c: Constraints) -> bool:
    """Loosen a wish pinned to days into the days around them (times of day dropped); False
    when the wish is not pinned to days or was already loosened that way."""
    if not (c.earliest_date and c.latest_date) or c.widened:
        return False
    first = date.fromisoformat(c.earliest_date) - timedelta(days=AROUND_DAYS[0])
    last = date.fromisoformat(c.latest_date) + timedelta(days=AROUND_DAYS[1])
    c.earliest_date, c.latest_date = first.isoformat(), last.isoformat()
    c.part_of_day = c.not_before = c.not_after = c.after = c.before = None
    c.weekdays = []
    return True


def widen(c: Constraints) -> Constraints:
    """Drop the narrowest preferences: first the when (a wish pinned to days keeps the days
    around them), then the who."""
    wider = c.model_copy(deep=True)
    if _around_days(wider):
        pass  # the days around the ones asked for, same practitioner
    elif wider.has_time() or wider.after or wider.before:
        wider.earliest_date = wider.latest_date = wider.part_of_day = None
        wider.not_before = wider.not_after = wider.after = wider.before = None
        wider.weekdays, wider.asap = [], False
    elif wider.practitioner_ids:
        wider.practitioner_ids, wider.practitioner, wider.any_practitioner = [], None, True
    wider.widened += 1
    wider.widen_asked = False
    return wider


def service_needs_staff(clinic: ClinicConfig, service: str) -> bool:
    """A visit type the agent may not book itself (human-only, or not listed as bookable)."""
    routing = clinic.routing
    return service in routing.human_only_service_types or (
        service not in routing.bookable_service_types
    )


def first_visit_needs_staff(
    clinic: ClinicConfig, *, specialty: str | None, service: str, seen_specialties: set[str]
) -> bool:
    """A first visit in a specialty (or of a service type) that the practice arranges itself."""
    listed = set(clinic.routing.first_visits_to_human)
    if service == "first-visit" and ("first-visit" in listed or specialty in listed):
        return True
    return specialty is not None and specialty in listed and specialty not in seen_specialties


def new_patient_practitioners(
    clinic: ClinicConfig, catalog: Catalog, specialty: str | None
) -> list[str]:
    """Practitioners who accept new patients (of ``specialty`` when given)."""
    accepting = clinic.routing.new_patients.accepting_practitioners
    return [
        pid for pid in accepting if specialty is None or specialty in catalog.specialties_of(pid)
    ]


def is_new_patient(patient: PatientRef | None) -> bool:
    """A patient registered during this call is new to the practice."""
    return bool(patient and patient.registered_now)
