"""Weekly hours from FHIR (Location.hoursOfOperation, HealthcareService/PractitionerRole
.availableTime) in the clinic configuration's form: ``{"monday": ["08:00-12:30", ...]}``.

Intervals of one day are sorted and overlapping or touching ones merged, so the result
always passes the configuration's checks (ordered, non-overlapping). ``allDay`` is
00:00-23:59.
"""

from __future__ import annotations

from typing import Any

from fhir_adapters.practice.models import WEEKDAY_KEYS

_FHIR_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hhmm(value: Any) -> str | None:
    text = str(value or "")
    parts = text.split(":")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    if not (0 <= hours <= 24 and 0 <= minutes < 60):
        return None
    return "23:59" if hours == 24 else f"{hours:02d}:{minutes:02d}"


def weekly_hours(
    entries: Any, *, start_key: str = "openingTime", end_key: str = "closingTime"
) -> dict[str, list[str]]:
    """Weekday -> sorted, merged "HH:MM-HH:MM" intervals; days without hours are left out."""
    spans: dict[str, list[tuple[str, str]]] = {}
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        if entry.get("allDay"):
            span = ("00:00", "23:59")
        else:
            start, end = _hhmm(entry.get(start_key)), _hhmm(entry.get(end_key))
            if start is None or end is None or end <= start:
                continue
            span = (start, end)
        for day in entry.get("daysOfWeek") or []:
            if day in _FHIR_DAYS:
                spans.setdefault(WEEKDAY_KEYS[_FHIR_DAYS.index(day)], []).append(span)
    out: dict[str, list[str]] = {}
    for day in WEEKDAY_KEYS:
        merged: list[list[str]] = []
        for start, end in sorted(spans.get(day, [])):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        if merged:
            out[day] = [f"{a}-{b}" for a, b in merged]
    return out


def available_hours(entries: Any) -> dict[str, list[str]]:
    """``weekly_hours`` of an ``availableTime`` list (HealthcareService, PractitionerRole)."""
    return weekly_hours(entries, start_key="availableStartTime", end_key="availableEndTime")
