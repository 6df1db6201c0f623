"""Background housekeeping of a server process: checkpoint pruning on a schedule.

Every replica may run it: the SQLite prune takes an IMMEDIATE transaction and Postgres's
``aprune`` its row locks, so two replicas pruning at once only wait for each other.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from agent.settings import Settings
from graphs.retention import prune

log = logging.getLogger(__name__)


async def prune_periodically(settings: Settings) -> None:
    """Prune every ``settings.prune_interval_s`` until cancelled; a failed run is logged."""
    while True:
        await asyncio.sleep(settings.prune_interval_s)
        try:
            report = await prune(
                sqlite_path=settings.checkpoint_path,
                postgres_url=settings.checkpoint_url,
                now=datetime.now().astimezone(),
                retention=timedelta(days=settings.retention_days),
            )
            log.info(
                "checkpoints pruned: %d checkpoints, %d conversations past retention",
                report.checkpoints_deleted,
                report.conversations_deleted,
            )
        except Exception as exc:
            log.warning("checkpoint pruning failed (%s); next try later", type(exc).__name__)
