"""The console's pages: the live queue, today's schedule, the conversation log, analytics."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from agent.staff.schedule import day_schedule
from api.http.deps import AdminPage, EngineDep, StaffPage
from api.http.staff.analytics import Analytics, analytics, to_csv
from api.http.staff.log import OUTCOMES, search_conversations
from api.http.staff.templates import render
from api.http.staff.trail import record
from graphs.engine import Engine

router = APIRouter(prefix="/staff", tags=["staff console"], include_in_schema=False)


@router.get("/schedule")
async def schedule(
    request: Request,
    session: StaffPage,
    engine: EngineDep,
    day: date | None = Query(None, description="YYYY-MM-DD; today in the practice by default"),
) -> Response:
    """Each practitioner's day from the EHR: booked, free and cancelled."""
    clinic = engine.clinic
    now = engine.clock.now()
    shown = day or now.astimezone(clinic.zone).date()
    await record(request, session.account, "view-schedule", action="R")
    plan = await day_schedule(engine.backend, shown, clinic.time_zone, now=now)
    return render(request, "schedule.html", session, page="schedule", schedule=plan)


@router.get("")
async def queue_page(request: Request, session: StaffPage, engine: EngineDep) -> Response:
    """The live handoff queue (filled and kept current by ``queue.js``)."""
    await record(request, session.account, "view-queue", action="R")
    return render(request, "queue.html", session, page="queue")


@router.get("/conversations")
async def conversation_log(
    request: Request,
    session: StaffPage,
    engine: EngineDep,
    q: str = Query("", max_length=200, description="patient name, id, phone or words"),
    outcome: str = Query("", max_length=40),
    day: date | None = Query(None),
) -> Response:
    """Every conversation, searchable by patient, date and outcome."""
    rows = await search_conversations(engine, q=q.strip(), outcome=outcome or None, day=day)
    await record(request, session.account, "search-conversations", action="R")
    return render(
        request,
        "conversations.html",
        session,
        page="conversations",
        rows=rows,
        q=q,
        outcome=outcome,
        day=day.isoformat() if day else "",
        outcomes=OUTCOMES,
    )


@router.get("/conversations/{conversation_id}")
async def conversation_page(
    request: Request, conversation_id: str, session: StaffPage, engine: EngineDep
) -> Response:
    """One conversation's summary and full transcript (an audited read)."""
    summary = await engine.summary(conversation_id)
    if summary is None:
        return render(request, "missing.html", session, page="conversations", status_code=404)
    await record(
        request, session.account, "view-transcript", action="R",
        patient_id=summary.patient_id, conversation_id=conversation_id,
    )  # fmt: skip
    return render(
        request,
        "conversation.html",
        session,
        page="conversations",
        summary=summary,
        transcript=await engine.transcript(conversation_id),
    )


async def _report(engine: Engine, days: int) -> Analytics:
    """The last ``days`` practice-local days up to today."""
    clinic = engine.clinic
    today = engine.clock.now().astimezone(clinic.zone).date()
    return await analytics(engine.live.directory, end=today, days=days, tz=clinic.time_zone)


@router.get("/analytics")
async def analytics_page(
    request: Request,
    session: StaffPage,
    engine: EngineDep,
    days: int = Query(14, ge=1, le=366),
) -> Response:
    """Charts over the last ``days`` days (drawn by ``analytics.js`` with Chart.js)."""
    report = await _report(engine, days)
    return render(request, "analytics.html", session, page="analytics", report=report, days=days)


@router.get("/analytics.csv")
async def analytics_csv(
    request: Request,
    session: AdminPage,
    engine: EngineDep,
    days: int = Query(14, ge=1, le=366),
) -> Response:
    """The analytics as CSV (admins)."""
    report = await _report(engine, days)
    await record(request, session.account, "export-analytics", action="R")
    name = f"frontdesk-analytics-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    return Response(
        to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
