"""``frontdesk maintenance ...``: housekeeping a practice runs by hand or on a schedule."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Annotated

import typer

from agent.settings import Settings
from graphs.retention import prune

app = typer.Typer(help="Housekeeping: checkpoint pruning and retention.", no_args_is_help=True)


@app.command("prune")
def prune_command(
    retention_days: Annotated[
        int | None,
        typer.Option(min=1, help="Delete conversations idle this long (default: settings)."),
    ] = None,
    vacuum: Annotated[
        bool, typer.Option(help="Give freed space back to the disk (SQLite; brief lock).")
    ] = True,
) -> None:
    """Keep only what each conversation needs to resume; delete conversations past retention.

    Prints a JSON report (conversations kept and deleted, checkpoints deleted, file size).
    """
    settings = Settings()
    days = retention_days or settings.retention_days
    report = asyncio.run(
        prune(
            sqlite_path=settings.checkpoint_path,
            postgres_url=settings.checkpoint_url,
            now=datetime.now().astimezone(),
            retention=timedelta(days=days),
            vacuum=vacuum,
        )
    )
    typer.echo(report.model_dump_json())
