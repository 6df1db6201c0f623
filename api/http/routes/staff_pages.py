"""The receptionist's console pages: today's schedule (and, with the live parts, the queue)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from agent.staff.schedule import day_schedule
from api.http.deps import EngineDep, StaffPage
from api.http.staff.templates import render
from api.http.staff.trail import record

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
