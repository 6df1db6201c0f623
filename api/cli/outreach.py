"""``frontdesk outreach ...``: the waitlist, reminder status, recall campaigns, dead letters."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import typer

from agent.settings import Settings

app = typer.Typer(help="Outbound messages: waitlist, reminders, recalls.", no_args_is_help=True)
T = TypeVar("T")


def _run(work: Callable[[Any], Awaitable[T]]) -> T:
    async def main() -> T:
        from api.jobs.runtime import build_outbound
        from graphs.engine import build_engine

        settings = Settings()
        engine = await build_engine(settings)
        runtime = build_outbound(settings, engine)
        try:
            return await work(runtime.outreach)
        finally:
            await runtime.stop()
            await engine.aclose()

    return asyncio.run(main())


def _echo(value: Any) -> None:
    typer.echo(json.dumps(value, default=str, ensure_ascii=False))


@app.command("waitlist-add")
def waitlist_add(
    patient: Annotated[str, typer.Argument(help="Patient id.")],
    practitioner: Annotated[
        str | None, typer.Option(help="Practitioner id (any if unset).")
    ] = None,
    service: Annotated[str | None, typer.Option(help="Visit type code.")] = None,
    start: Annotated[datetime | None, typer.Option(help="Window start (ISO-8601).")] = None,
    end: Annotated[datetime | None, typer.Option(help="Window end (ISO-8601).")] = None,
) -> None:
    """Put a patient on the waiting list."""

    async def work(outreach: Any) -> Any:
        entry = await outreach.waitlist.join(
            patient, practitioner_id=practitioner, service_type=service, start=start, end=end
        )
        return {"entry_id": entry.id}

    _echo(_run(work))


@app.command("waitlist")
def waitlist() -> None:
    """The waiting list with offers made, as JSON."""
    from agent.outreach.status import waitlist as read

    async def work(outreach: Any) -> Any:
        return [e.model_dump(mode="json") for e in await read(outreach.backend)]

    _echo(_run(work))


@app.command("status")
def status(appointments: Annotated[list[str], typer.Argument(help="Appointment ids.")]) -> None:
    """Reminder status (confirmed / no answer / cancelled) of appointments, as JSON."""
    from agent.outreach.status import reminder_statuses

    async def work(outreach: Any) -> Any:
        found = await reminder_statuses(outreach.backend, appointments)
        return [s.model_dump(mode="json") for s in found]

    _echo(_run(work))


@app.command("recall")
def recall(
    campaign: Annotated[str, typer.Argument(help="Campaign key from the clinic file.")],
    report: Annotated[bool, typer.Option(help="Only print the campaign's report.")] = False,
) -> None:
    """Queue a recall campaign now (a worker sends it), or print its report."""

    async def work(outreach: Any) -> Any:
        if not report:
            await outreach.queue.enqueue([outreach.recalls.job(campaign)])
        return (await outreach.recalls.report(campaign)).model_dump()

    _echo(_run(work))


@app.command("dead-letters")
def dead_letters() -> None:
    """Messages that failed for good or may not have gone out, as JSON."""
    from agent.outreach.status import dead_letters as read

    async def work(outreach: Any) -> Any:
        return [d.model_dump(mode="json") for d in await read(outreach.backend)]

    _echo(_run(work))
