"""``frontdesk maintenance ...``: housekeeping a practice runs by hand or on a schedule."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Annotated

import typer

from agent.crypto import keyring
from agent.keys import secret_key
from agent.settings import Settings
from graphs.directory import open_directory
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
    now = datetime.now().astimezone()

    async def run() -> dict[str, object]:
        report = await prune(
            sqlite_path=settings.checkpoint_path,
            postgres_url=settings.checkpoint_url,
            now=now,
            retention=timedelta(days=days),
            vacuum=vacuum,
        )
        async with open_directory(
            settings.directory_path,
            keyring=keyring(settings) if settings.encrypt_at_rest else None,
            index_key=secret_key(settings, "directory-index"),
        ) as directory:
            forgotten = await directory.prune(now - timedelta(days=days))
        return {**report.model_dump(), "directory_conversations_deleted": forgotten}

    typer.echo(json.dumps(asyncio.run(run())))
