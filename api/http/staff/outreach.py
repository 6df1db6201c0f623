"""The console's outreach page: reminders per upcoming visit, the waitlist and its offers,
the dead letters; and the event stream that tells the page to reload them.

The page reloads when outreach announces a change on the engine's bus (a job ran, a message
went out, a delivery report or a reply came in) and when a conversation books, moves,
cancels or puts someone on the waiting list.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import Request
from pydantic import BaseModel

from agent.outreach.overview import OfferRow, ReminderRow, offer_rows, reminder_rows
from agent.outreach.status import DeadLetter, WaitlistEntryView, dead_letters, waitlist
from api.http.staff.events import KEEPALIVE_S, sse
from api.jobs.runtime import OUTREACH_CHANNEL
from graphs.bus import ConversationBus, ConversationUpdate
from graphs.engine import Engine

_CHANGES = frozenset({"booked", "cancelled", "rescheduled", "waitlist_joined", "outreach"})


class OutreachView(BaseModel):
    """Everything the outreach page shows."""

    now: datetime
    reminders: list[ReminderRow]
    waitlist: list[WaitlistEntryView]
    offers: list[OfferRow]
    dead_letters: list[DeadLetter]


async def outreach_view(engine: Engine) -> OutreachView:
    """Read the page's contents from the EHR (through the engine's backend)."""
    now, backend = engine.clock.now(), engine.backend
    return OutreachView(
        now=now,
        reminders=await reminder_rows(backend, engine.clinic, now=now),
        waitlist=await waitlist(backend),
        offers=await offer_rows(backend, now=now),
        dead_letters=await dead_letters(backend, limit=50),
    )


def _is_change(update: ConversationUpdate) -> bool:
    kind = update.payload.get("kind")
    return update.kind == "event" and (
        update.conversation_id == OUTREACH_CHANNEL or kind in _CHANGES
    )


async def outreach_stream(request: Request, bus: ConversationBus) -> AsyncIterator[str]:
    """``changed`` events whenever the page's contents may have changed."""
    async with bus.subscribe(None) as subscription:
        yield "retry: 3000\n\n" + sse("ready", {})
        while not await request.is_disconnected():
            try:
                update = await asyncio.wait_for(subscription.get(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            if _is_change(update):
                yield sse("changed", {"what": update.payload.get("kind")})
