"""The console's analytics over a period: volumes, automation, outcomes, handoffs, times.

Read from the conversation directory's counts; CSV export in a long, tidy format (one
``metric,key,value`` row each) that any spreadsheet pivots.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from graphs.directory import ConversationDirectory


class Analytics(BaseModel):
    """What the analytics page draws."""

    start: date
    end: date = Field(..., description="last day included")
    per_day: dict[date, int] = Field(default_factory=dict, description="every day, zeros too")
    total: int = 0
    automated: int = 0
    automation_rate: float | None = Field(None, description="share never handed to a human")
    bookings: int = 0
    cancellations: int = 0
    reschedules: int = 0
    emergencies: int = 0
    handoffs_by_reason: dict[str, int] = Field(default_factory=dict)
    by_channel: dict[str, int] = Field(default_factory=dict)
    median_handling_s: float | None = None
    brain_fallbacks_by_reason: dict[str, int] = Field(
        default_factory=dict, description="turns the LLM passed to the next brain, by reason"
    )


async def analytics(
    directory: ConversationDirectory | None, *, end: date, days: int, tz: str
) -> Analytics:
    """The ``days`` days up to and including ``end`` (practice-local days)."""
    start = end - timedelta(days=days - 1)
    zone = ZoneInfo(tz)
    result = Analytics(start=start, end=end, per_day={start + timedelta(d): 0 for d in range(days)})
    if directory is None:
        return result
    counts = await directory.counts(
        since=datetime.combine(start, time(0), zone),
        until=datetime.combine(end + timedelta(days=1), time(0), zone),
    )
    for day, n in counts.by_day.items():
        if day in result.per_day:
            result.per_day[day] += n
    outcomes = counts.by_outcome
    return result.model_copy(
        update={
            "total": counts.total,
            "automated": counts.automated,
            "automation_rate": counts.automated / counts.total if counts.total else None,
            "bookings": outcomes.get("booked", 0),
            "cancellations": outcomes.get("cancelled", 0),
            "reschedules": outcomes.get("rescheduled", 0),
            "emergencies": outcomes.get("emergency", 0),
            "handoffs_by_reason": dict(sorted(counts.by_handoff_reason.items())),
            "by_channel": dict(sorted(counts.by_channel.items())),
            "median_handling_s": counts.median_handling_s,
            "brain_fallbacks_by_reason": dict(sorted(counts.brain_fallbacks_by_reason.items())),
        }
    )


def to_csv(report: Analytics) -> str:
    """``metric,key,value`` rows for the whole report."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "key", "value"])
    writer.writerow(["period", "start", report.start.isoformat()])
    writer.writerow(["period", "end", report.end.isoformat()])
    for day, n in report.per_day.items():
        writer.writerow(["conversations_per_day", day.isoformat(), n])
    writer.writerow(["conversations", "total", report.total])
    writer.writerow(["conversations", "automated", report.automated])
    rate = "" if report.automation_rate is None else f"{report.automation_rate:.4f}"
    writer.writerow(["automation_rate", "", rate])
    for name in ("bookings", "cancellations", "reschedules", "emergencies"):
        writer.writerow(["outcomes", name, getattr(report, name)])
    for reason, n in report.handoffs_by_reason.items():
        writer.writerow(["handoffs_by_reason", reason, n])
    for channel, n in report.by_channel.items():
        writer.writerow(["conversations_by_channel", channel, n])
    for reason, n in report.brain_fallbacks_by_reason.items():
        writer.writerow(["brain_fallbacks_by_reason", reason, n])
    median = "" if report.median_handling_s is None else f"{report.median_handling_s:.1f}"
    writer.writerow(["median_handling_s", "", median])
    return out.getvalue()
