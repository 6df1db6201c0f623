"""Whether an instant falls inside a scenario's ``Window`` (practice-local days and times)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from evals.scenario import Window

_PARTS = {"morning": (0, 12), "afternoon": (12, 18), "evening": (18, 24)}


def _after_start(at: datetime, bound: date | datetime) -> bool:
    if isinstance(bound, datetime):
        return at >= bound
    return at.date() >= bound


def _before_end(at: datetime, bound: date | datetime) -> bool:
    if isinstance(bound, datetime):
        return at <= bound
    return at.date() <= bound


def window_misses(window: Window | None, at: datetime, tz: str) -> list[str]:
    """The constraints of ``window`` that ``at`` breaks (empty when it fits)."""
    if window is None:
        return []
    local = at.astimezone(ZoneInfo(tz))
    misses: list[str] = []
    if window.start is not None and not _after_start(local, window.start):
        misses.append(f"before {window.start}")
    if window.end is not None and not _before_end(local, window.end):
        misses.append(f"after {window.end}")
    if window.part_of_day is not None:
        low, high = _PARTS[window.part_of_day]
        if not low <= local.hour < high:
            misses.append(f"not in the {window.part_of_day}")
    if window.not_before is not None and local.time() < window.not_before:
        misses.append(f"before {window.not_before:%H:%M}")
    if window.not_after is not None and local.time() >= window.not_after:
        misses.append(f"not before {window.not_after:%H:%M}")
    if window.weekdays and local.isoweekday() not in window.weekdays:
        misses.append(f"on ISO weekday {local.isoweekday()}")
    return misses


def in_window(window: Window | None, at: datetime, tz: str) -> bool:
    """True when ``at`` satisfies every constraint of ``window``."""
    return not window_misses(window, at, tz)
