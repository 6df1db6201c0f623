"""``frontdesk jobs ...``: run job workers beside (or instead of) the server, inspect the queue."""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Annotated

import typer

from agent.settings import Settings

app = typer.Typer(help="The job queue: workers and what is waiting.", no_args_is_help=True)


async def _work(settings: Settings, workers: int) -> None:
    from api.jobs.runtime import build_outbound
    from graphs.engine import build_engine

    engine = await build_engine(settings)
    runtimes = [build_outbound(settings, engine) for _ in range(workers)]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        for runtime in runtimes:
            await runtime.start_worker()
        typer.echo(f"{workers} job worker(s) running; Ctrl-C to stop", err=True)
        await stop.wait()
    finally:
        for runtime in runtimes:
            await runtime.stop()
        await engine.aclose()


@app.command("worker")
def worker(
    workers: Annotated[int, typer.Option(min=1, max=32, help="Workers in this process.")] = 1,
) -> None:
    """Run job workers (reminders, confirmations, waitlist offers, recalls) until stopped."""
    asyncio.run(_work(Settings(), workers))


@app.command("stats")
def stats() -> None:
    """Jobs per state and the latest dead jobs of the embedded queue, as JSON."""
    from api.jobs.sqlite_queue import SqliteJobQueue

    settings = Settings()
    if settings.jobs_url:
        raise typer.BadParameter("stats reads the embedded queue; use SQL on the Postgres one")
    queue = SqliteJobQueue(settings.jobs_path)
    dead = [{"key": k, "kind": kind, "error": e} for k, kind, e in queue.dead_jobs(20)]
    typer.echo(json.dumps({**queue.stats().model_dump(), "dead_jobs": dead}))
    queue.close()
