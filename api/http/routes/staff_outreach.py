"""The console's outreach page and its JSON API: reminder status, waitlist, offers, failures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from api.http.deps import CurrentStaff, EngineDep, StaffPage
from api.http.problems import problem_responses
from api.http.staff.outreach import OutreachView, outreach_stream, outreach_view
from api.http.staff.templates import render
from api.http.staff.trail import record

router = APIRouter(prefix="/staff", tags=["staff console"])
_STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


@router.get("/outreach", include_in_schema=False)
async def outreach_page(request: Request, session: StaffPage, engine: EngineDep) -> Response:
    """Reminders, waitlist and failed messages (filled and kept current by ``outreach.js``)."""
    await record(request, session.account, "view-outreach", action="R")
    return render(request, "outreach.html", session, page="outreach")


@router.get("/api/outreach", response_model=OutreachView, responses=problem_responses(401))
async def get_outreach(session: CurrentStaff, engine: EngineDep) -> OutreachView:
    """Upcoming visits' reminder stage, the waiting list, the latest offers, dead letters."""
    return await outreach_view(engine)


@router.get(
    "/api/outreach/events", response_class=StreamingResponse, responses=problem_responses(401)
)
async def outreach_events(request: Request, session: CurrentStaff, engine: EngineDep) -> Response:
    """Server-sent events: ``changed`` whenever the outreach page should reload."""
    return StreamingResponse(
        outreach_stream(request, engine.live.bus),
        media_type="text/event-stream",
        headers=_STREAM_HEADERS,
    )
