"""``frontdesk serve``: the web service (patient chat, staff console, API) on uvicorn."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from agent.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Worker processes (default FRONTDESK_WORKERS, 1); any worker takes any turn.",
        ),
    ] = None,
) -> None:
    """Run the web service: patient chat, staff console and the JSON API."""
    import uvicorn

    from api.http.app import create_app
    from api.http.staff.setup import demo_login_line
    from api.observability.logs import configure_logging

    settings = Settings() if workers is None else Settings(workers=workers)
    console = Console(highlight=False)
    base = f"http://{host}:{port}"
    console.print(f"frontdesk is starting on {base}")
    console.print(f"  patient chat   {base}/chat")
    console.print(f"  staff console  {base}/staff")
    console.print(f"  API docs       {base}/docs")
    demo = demo_login_line(settings)
    if demo:
        console.print(f"  staff login    {demo}")
    configure_logging(settings.log_level)
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=None)
        return
    console.print(f"  workers        {settings.workers} processes sharing {settings.data_dir}")
    # Each worker process imports ``worker_app`` and builds its own Engine; the worker count
    # reaches them through their environment (Settings reads FRONTDESK_WORKERS there), so
    # they pick cross-process locks and a cross-process bus.
    os.environ["FRONTDESK_WORKERS"] = str(settings.workers)
    uvicorn.run(
        "api.cli.serve:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=settings.workers,
        log_config=None,
        # A worker that does not answer the supervisor's ping in time is killed and replaced;
        # uvicorn's 5 s is shorter than a worker's start on a busy machine (imports, engine),
        # and a worker killed while starting is restarted forever.
        timeout_worker_healthcheck=settings.worker_healthcheck_s,
    )


def worker_app() -> FastAPI:
    """The app of one ``serve --workers N`` worker (uvicorn calls it in each process)."""
    from api.http.app import create_app
    from api.observability.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    return create_app(settings)
