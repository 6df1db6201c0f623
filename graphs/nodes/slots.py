"""Slot search: gather who, what and when over turns, find free slots, offer two or three.

"Anything later?" continues after the last offered slot, "none of those" sets them aside
and asks for another preference, and an empty search offers a wider one, then a callback.
The practice's routing rules apply before any search.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from langgraph.runtime import Runtime

from agent.tools import (
    FindPractitionersArgs,
    FindSlotsArgs,
    ListAppointmentsArgs,
    SlotList,
    SlotOption,
    ToolError,
    ToolScope,
)
from agent.understanding import Intent
from graphs.context import CallContext
from graphs.nodes.appointments import appointment_ref
from graphs.nodes.common import TASK_RESET, Update, understanding
from graphs.nodes.namesakes import ask_which_namesake, settle_namesake
from graphs.nodes.nearest import nearest_days
from graphs.nodes.slot_rules import (
    around,
    first_visit_needs_staff,
    is_new_patient,
    merge_constraints,
    move_from,
    new_patient_practitioners,
    service_needs_staff,
    wants_slot_change,
    widen,
)
from graphs.nodes.staff import queue_task
from graphs.state import CallState, Constraints, Offer

OFFERS = 3
DEFAULT_SPECIALTY = "general-practice"
_SPREAD = timedelta(minutes=59)
_BATCH = 12
"""Matching slots read at once when picking spread-out options."""
_SLOT_PHASES = ("slot_preferences", "slot_choice", "confirm")


async def spread_search(
    ctx: CallContext, args: FindSlotsArgs, scope: ToolScope, count: int = OFFERS
) -> SlotList | ToolError:
    """The earliest matching slot, then the earliest one at least an hour after each.

    Options that differ read better than three slots twenty minutes apart. One search reads
    the first ``_BATCH`` matches and the options are picked from them; another search (after
    the last one picked, as a search for the next option would) runs only when the batch
    was full and did not hold them all. On a FHIR server each search is a round trip, so
    one read instead of three is most of a turn's time.
    """
    chosen: list[SlotOption] = []
    query = args.model_copy(update={"limit": _BATCH})
    while True:
        found = await ctx.tools.find_slots(query, scope)
        if isinstance(found, ToolError):
            return found if not chosen else SlotList(items=chosen)
        for item in found.items:
            # ``after`` means "starting after", to the second: the same test here.
            if not chosen or item.start > chosen[-1].start + _SPREAD:
                chosen.append(item)
                if len(chosen) == count:
                    return SlotList(items=chosen)
        if len(found.items) < _BATCH or not chosen:
            return SlotList(items=chosen)
        query = query.model_copy(update={"after": chosen[-1].start + _SPREAD})


def _args(c: Constraints, specialty: str | None) -> FindSlotsArgs:
    return FindSlotsArgs(
        practitioner_ids=c.practitioner_ids,
        specialty=specialty,
        service_type=c.service,
        after=datetime.fromisoformat(c.after) if c.after else None,
        before=datetime.fromisoformat(c.before) if c.before else None,
        earliest_date=date.fromisoformat(c.earliest_date) if c.earliest_date else None,
        latest_date=date.fromisoformat(c.latest_date) if c.latest_date else None,
        part_of_day=c.part_of_day,
        not_before=time.fromisoformat(c.not_before) if c.not_before else None,
        not_after=time.fromisoformat(c.not_after) if c.not_after else None,
        weekdays=c.weekdays,
        exclude_slot_ids=c.declined,
        limit=OFFERS,
    )


def as_offers(
    options: list[SlotOption], kind: Callable[[SlotOption], dict[str, str] | None]
) -> list[Offer]:
    """Found slots as offers, numbered from 0 in the order they are read; ``kind`` names each
    one's kind of care."""
    return [
        Offer(
            index=i,
            slot_id=o.slot_id,
            start=o.start.isoformat(),
            practitioner_id=o.practitioner_id,
            practitioner=o.practitioner,
            location=o.location,
            address=o.address,
            service_type=o.service_type,
            specialty=kind(o),
        )
        for i, o in enumerate(options)
    ]


def offer(update: Update, offers: list[Offer], *, later: bool = False) -> None:
    """Read ``offers`` (renumbered from 0) to the caller and wait for a choice."""
    dumped = [o.model_copy(update={"index": i}).model_dump() for i, o in enumerate(offers)]
    update.saw([f"Slot/{o.slot_id}" for o in offers])
    key = "offer_one" if len(dumped) == 1 else ("offer_later" if later else "offer")
    update.say(key, options=dumped).set(offered=dumped, options=dumped, phase="slot_choice")


def _kind_of(
    ctx: CallContext, searched: str | None
) -> Callable[[SlotOption], dict[str, str] | None]:
    """The kind of care of a found slot: the one searched for, else its practitioner's first."""

    def kind(option: SlotOption) -> dict[str, str] | None:
        key = searched or next(iter(ctx.catalog.specialties_of(option.practitioner_id)), None)
        return ctx.catalog.named(key) if key else None

    return kind


async def _resolve_practitioner(update: Update, c: Constraints, ctx: CallContext) -> bool:
    """Look up a practitioner named or "the same as last time"; False when none was found."""
    scope = update.scope()
    if c.same_as_last:
        c.same_as_last = False
        past = await ctx.tools.list_appointments(ListAppointmentsArgs(when="past"), scope)
        last = None
        if not isinstance(past, ToolError):
            update.saw(past.references())
            last = next((a for a in reversed(past.items) if a.practitioner_id), None)
        if last is None or last.practitioner_id is None:
            update.say("same_as_last_unknown")
        else:
            c.practitioner_ids, c.practitioner = [last.practitioner_id], last.practitioner
    if c.practitioner_query:
        query, c.practitioner_query = c.practitioner_query, None
        found = await ctx.tools.find_practitioners(FindPractitionersArgs(name=query), scope)
        if isinstance(found, ToolError) or not found.items:
            return False
        best = found.items[0]
        c.practitioner_ids, c.practitioner = [best.id], best.name
    return True


NOT_OFFERED_LISTED = 6
"""At most this many of the practice's specialties are read out as alternatives."""


def not_offered(update: Update, c: Constraints, ctx: CallContext) -> bool:
    """Say plainly that the practice has no such care, with what it has or a person, in one
    turn; True when said (the request's specialty is dropped, so the next answer decides)."""
    offered = ctx.catalog.specialties
    if not c.specialty or not offered or c.specialty in offered:
        return False
    missing, c.specialty = c.specialty, None
    c.practitioner_ids, c.practitioner = [], None
    say_not_offered(update, ctx, missing)
    return True


def say_not_offered(update: Update, ctx: CallContext, missing: str) -> None:
    """ "We don't offer X here; we do offer ...", in the practice's own names for its care."""
    offered = ctx.catalog.specialties
    alternatives = sorted(offered, key=lambda k: (k != DEFAULT_SPECIALTY, k))
    update.say(
        "specialty_not_offered",
        specialty=ctx.catalog.named(missing),
        specialties=[ctx.catalog.named(k) for k in alternatives[:NOT_OFFERED_LISTED]],
    )


NEARBY_DAYS = 3
"""A visit this close to the wished day, with the same practitioner, is offered to be moved."""


async def _nearby(update: Update, c: Constraints, ctx: CallContext) -> dict[str, Any] | None:
    """The caller's upcoming visit with the practitioner asked for, near the wished days."""
    if not c.practitioner_ids or not c.earliest_date:
        return None  # only a named day can be "next to" a visit
    listed = await ctx.tools.list_appointments(
        ListAppointmentsArgs(when="upcoming"), update.scope()
    )
    if isinstance(listed, ToolError):
        return None
    wished = date.fromisoformat(c.earliest_date)
    for a in listed.items:
        near = abs((a.start.date() - wished).days) <= NEARBY_DAYS
        if near and a.practitioner_id in c.practitioner_ids:
            update.saw(listed.references())
            return appointment_ref(0, a)
    return None


async def _seen_specialties(update: Update, ctx: CallContext) -> set[str]:
    every = await ctx.tools.list_appointments(ListAppointmentsArgs(when="all"), update.scope())
    if isinstance(every, ToolError):
        return set()
    return {s for a in every.items for s in ctx.catalog.specialties_of(a.practitioner_id)}


async def _apply_rules(update: Update, c: Constraints, ctx: CallContext) -> str | None:
    """Enforce the routing rules; return a handoff reason when a human must arrange it."""
    clinic = ctx.clinic
    service = c.service or "consultation"
    if service_needs_staff(clinic, service):
        return "service_needs_staff"
    specialty = c.specialty or next(
        iter(ctx.catalog.specialties_of(c.practitioner_ids[0] if c.practitioner_ids else None)),
        None,
    )
    listed = set(clinic.routing.first_visits_to_human)
    if update.intent() is Intent.BOOK and (specialty in listed or service == "first-visit"):
        seen = await _seen_specialties(update, ctx)
        if first_visit_needs_staff(
            clinic, specialty=specialty, service=service, seen_specialties=seen
        ):
            return "first_visit"
    if is_new_patient(update.patient()):
        allowed = new_patient_practitioners(clinic, ctx.catalog, specialty or DEFAULT_SPECIALTY)
        if not allowed:
            return "new_patient_not_accepted"
        if c.practitioner_ids and not set(c.practitioner_ids) & set(allowed):
            update.say("practitioner_not_new", practitioner=c.practitioner)
            c.practitioner, c.practitioner_ids = None, allowed
        elif not c.practitioner_ids:
            c.practitioner_ids = allowed
    return None


async def slot_search(state: CallState, runtime: Runtime[CallContext]) -> dict[str, Any]:
    """Update the preferences with this turn, apply the rules, search and offer."""
    ctx = runtime.context
    update = Update(state)
    u = understanding(state)
    phase = update.get("phase")
    c = update.constraints()
    if phase in _SLOT_PHASES:
        # Only an answer about slots changes the preferences: a birth date said to
        # identify oneself is not a wish to come on that day.
        c = merge_constraints(c, u)
        target = update.get("target")
        if u.move and update.intent() is Intent.RESCHEDULE and target:
            # "The week after", "dans les deux semaines qui suivent", said once asked when.
            c = move_from(c, datetime.fromisoformat(target["start"]))
    offered = update.offered()
    pending = update.pending()
    change = wants_slot_change(u)
    if c.widen_asked and u.affirmative is False and not change:
        return (await _callback(update, ctx, declined=True)).values
    if c.widen_asked and u.affirmative is True and not change:
        c = widen(c)
    if phase == "confirm" and pending is not None and pending.slot is not None:
        c.declined.append(pending.slot.slot_id)
        update.set(pending=None)
        remaining = [o for o in offered if o.slot_id != pending.slot.slot_id]
        if remaining and not change:
            offer(update, remaining)
            return update.set(constraints=c.model_dump()).values
    if u.wants_later and offered:
        c.after, c.before = offered[-1].start, None
    elif u.wants_earlier and offered:
        c.before, c.after = offered[0].start, None
    elif (u.wants_other_options or u.affirmative is False) and phase == "slot_choice":
        c.declined.extend(o.slot_id for o in offered if o.slot_id not in c.declined)
        if not (u.time or u.practitioner_name or u.any_practitioner or u.specialty):
            update.say("ask_other_preference")
            return update.set(
                constraints=c.model_dump(), offered=[], phase="slot_preferences"
            ).values
    if not_offered(update, c, ctx):
        return update.set(constraints=c.model_dump(), phase="slot_preferences").values
    settle_namesake(update, c, ctx, u)
    if ask_which_namesake(update, c, ctx):
        return update.set(constraints=c.model_dump(), phase="slot_preferences").values
    if not await _resolve_practitioner(update, c, ctx):
        update.say("practitioner_unknown")
        return update.set(constraints=c.model_dump(), phase="slot_preferences").values
    intent = update.intent()
    if intent is Intent.RESCHEDULE and not (c.has_time() or c.after or c.before or c.asked):
        c.asked = True
        update.say("ask_reschedule_when")
        return update.set(constraints=c.model_dump(), phase="slot_preferences").values
    if intent is Intent.BOOK and c.is_empty() and not c.asked:
        c.asked = True
        update.say("ask_preferences")
        return update.set(constraints=c.model_dump(), phase="slot_preferences").values
    if intent is Intent.BOOK and not c.nearby_asked and update.patient() is not None:
        c.nearby_asked = True
        near = await _nearby(update, c, ctx)
        if near is not None:
            # Booking again next to a visit with the same practitioner is usually a move.
            update.set(target=near, constraints=c.model_dump(), phase="move_existing")
            update.say("ask_move_existing", when=near["start"], practitioner=near["practitioner"])
            return update.values
    if (reason := await _apply_rules(update, c, ctx)) is not None:
        update.set(constraints=c.model_dump(), handoff_reason=reason)
        return update.route("handoff").values
    more = (
        "later" if u.wants_later and offered else "earlier" if u.wants_earlier and offered else None
    )
    return (await _search(update, c, ctx, more=more, previous=offered)).values


async def _search(
    update: Update,
    c: Constraints,
    ctx: CallContext,
    *,
    more: str | None = None,
    previous: list[Offer] | None = None,
) -> Update:
    """Search and offer; when nothing matches, keep what was offered, ask to widen, or
    queue a callback.

    Args:
        more: "later" or "earlier" when the caller asked for more options than ``previous``.
    """
    specialty = c.specialty
    if not c.practitioner_ids and not specialty and DEFAULT_SPECIALTY in ctx.catalog.specialties:
        specialty = DEFAULT_SPECIALTY
    found = await spread_search(ctx, _args(c, specialty), update.scope())
    if isinstance(found, ToolError):
        # A search cut short is never "nothing free": a colleague finishes it.
        incomplete = found.code == "incomplete"
        reason = "search_incomplete" if incomplete else "backend_unavailable"
        update.set(constraints=c.model_dump(), handoff_reason=reason)
        update.say("search_incomplete" if incomplete else "backend_down")
        return update.route("handoff")
    if not found.items and not more and (c.not_before or c.not_after):
        # "Around 12:30", "at one": nothing at that very time, so the nearest ones around it.
        near = around(c)
        found = await spread_search(ctx, _args(near, specialty), update.scope())
        if isinstance(found, ToolError):
            found = SlotList(items=[])
        if found.items:
            update.say("nearest_times")
    if not found.items and not more:
        # "Dr Martin on Wednesday", "Saturday afternoon": the closest days she (it) is open.
        scope = update.scope()
        nearest = await nearest_days(
            update,
            ctx,
            _args(c, specialty),
            lambda query: spread_search(ctx, query, scope),
            c.practitioner,
        )
        if nearest is not None:
            found, query = nearest
            # The wish is now those days: "anything later?" looks on them.
            c.earliest_date = query.earliest_date.isoformat() if query.earliest_date else None
            c.latest_date = query.latest_date.isoformat() if query.latest_date else None
            c.weekdays, c.part_of_day = list(query.weekdays), query.part_of_day
            c.not_before = query.not_before.strftime("%H:%M") if query.not_before else None
            c.not_after = query.not_after.strftime("%H:%M") if query.not_after else None
    if found.items:
        offer(update, as_offers(found.items, _kind_of(ctx, specialty)), later=more == "later")
        return update.set(constraints=c.model_dump())
    if more and previous:
        # Nothing later (earlier): the options already read still stand.
        c.after = c.before = None
        update.say("no_later" if more == "later" else "no_earlier")
        offer(update, previous)
        return update.set(constraints=c.model_dump())
    narrowed = c.has_time() or c.after or c.before or c.practitioner_ids
    if narrowed and c.widened < 2:
        c.widen_asked = True
        update.say("no_slots_widen")
        return update.set(constraints=c.model_dump(), phase="slot_preferences")
    return await _callback(update.set(constraints=c.model_dump()), ctx)


async def _callback(update: Update, ctx: CallContext, *, declined: bool = False) -> Update:
    """Nothing to offer (or no wider search wanted): queue a callback and promise it."""
    update.say("callback_instead" if declined else "no_slots_callback")
    c = update.constraints()
    details = f"No free slot found for the requested visit ({c.specialty or 'any'})."
    await queue_task(update, ctx, code="callback", details=details)
    return update.set(**TASK_RESET, intent=None, phase="anything_else")
