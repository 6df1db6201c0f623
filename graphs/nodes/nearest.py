"""Nothing free on the day asked: the nearest days instead of "shall I look more widely?".

"Dr Martin on Wednesday" when Dr Martin does not work on Wednesdays, "Saturday afternoon" when
the practice closes at noon, "lundi à 7 h" before it opens: the caller hears which days the
practitioner consults and is offered the closest ones, the same day first (at another time),
then a day after, a day before, two days after, and so on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from agent.tools import FindSlotsArgs, SlotList, ToolError, ToolScope
from graphs.context import CallContext
from graphs.nodes.common import Update

REACH_DAYS = 4
"""How many days either side of the wish are tried."""
_WEEK = 7
Search = Callable[[FindSlotsArgs], Awaitable[SlotList | ToolError]]
"""The slot search offers use (spread over the day)."""


def _days_around(first: date, last: date, today: date) -> list[date]:
    days: list[date] = []
    for k in range(1, REACH_DAYS + 1):
        for day in (last + timedelta(days=k), first - timedelta(days=k)):
            if day >= today:
                days.append(day)
    return days


async def nearest_days(
    update: Update, ctx: CallContext, args: FindSlotsArgs, search: Search, practitioner: str | None
) -> tuple[SlotList, FindSlotsArgs] | None:
    """The free slots closest to the day(s) of ``args`` and the search that found them, or
    None when the wish named no day or nothing is free near it.

    Args:
        update: the node's update (the reply says which days the practitioner works).
        args: the search that found nothing; its days (and weekdays) are the wish.
        search: how offers are searched.
        practitioner: the practitioner's name when one was asked for.
    """
    first, last = args.earliest_date, args.latest_date
    if first is None or last is None or (last - first).days >= _WEEK:
        return None
    today = ctx.clock.now().astimezone(ctx.clinic.zone).date()
    scope = update.scope()
    loose: dict[str, object] = {
        "weekdays": [],
        "part_of_day": None,
        "not_before": None,
        "not_after": None,
    }
    tries = [args.model_copy(update=loose)]  # the same day(s), at another time
    tries += [
        args.model_copy(update={"earliest_date": d, "latest_date": d, "weekdays": []})
        for d in _days_around(first, last, today)
    ]
    for query in tries:
        found = await search(query)
        if isinstance(found, ToolError) or not found.items:
            continue
        await _say_working_days(update, ctx, args, scope, practitioner)
        return found, query
    return None


async def _say_working_days(
    update: Update,
    ctx: CallContext,
    args: FindSlotsArgs,
    scope: ToolScope,
    practitioner: str | None,
) -> None:
    """ "Dr Martin consults on Monday, Tuesday, ...": read from a week of their slots."""
    if len(args.practitioner_ids) != 1 or not practitioner:
        update.say("nearest_days")
        return
    start = ctx.clock.now().astimezone(ctx.clinic.zone).date() + timedelta(days=1)
    weekdays: list[int] = []
    for offset in range(_WEEK):
        day = start + timedelta(days=offset)
        probe = FindSlotsArgs(
            practitioner_ids=args.practitioner_ids,
            service_type=args.service_type,
            earliest_date=day,
            latest_date=day,
            limit=1,
        )
        found = await ctx.tools.find_slots(probe, scope)
        if not isinstance(found, ToolError) and found.items:
            weekdays.append(day.isoweekday())
    update.say("nearest_days_practitioner", practitioner=practitioner, weekdays=sorted(weekdays))
