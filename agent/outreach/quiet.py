"""Quiet hours: the first moment at or after a given time when a message may be sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent.clinic.outreach import QuietHours


def is_quiet(at: datetime, rules: QuietHours, zone: ZoneInfo) -> bool:
    """Whether ``at`` falls in the practice's quiet hours (evaluated in local time)."""
    local = at.astimezone(zone)
    if rules.sundays and local.weekday() == 6:
        return True
    start, end, now = rules.start_time, rules.end_time, local.time()
    if start <= end:  # e.g. 12:00-14:00
        return start <= now < end
    return now >= start or now < end  # across midnight, e.g. 20:00-08:30


def next_allowed(at: datetime, rules: QuietHours, zone: ZoneInfo) -> datetime:
    """``at`` itself when it is not quiet, else the end of the quiet period it falls in."""
    moment = at
    for _ in range(4):  # a quiet evening, then a quiet Sunday, then Monday's quiet morning
        if not is_quiet(moment, rules, zone):
            return moment
        local = moment.astimezone(zone)
        end = local.replace(
            hour=rules.end_time.hour, minute=rules.end_time.minute, second=0, microsecond=0
        )
        if rules.sundays and local.weekday() == 6:
            end = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        elif end <= local:
            end += timedelta(days=1)
        # Local wall-clock arithmetic, then back to an absolute instant (DST-safe enough:
        # the result is re-checked on the next round).
        moment = end.replace(tzinfo=None).replace(tzinfo=zone)
    return moment
