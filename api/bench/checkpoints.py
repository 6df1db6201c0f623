"""``frontdesk bench checkpoints``: checkpoint database size per 1,000 conversations, before
and after pruning.

Plays the turns benchmark's scripted conversations (embedded brain and store) with the
default, encrypted SQLite checkpoints, then prunes them as the server's hourly job does.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from agent.brains.rules import RulesBrain
from agent.clinic import DEMO_CLINIC_FILE, load_clinic
from agent.settings import Settings
from api.bench.turns import NOW, SCRIPTS
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend
from graphs.checkpoint import open_checkpointer
from graphs.engine import Engine
from graphs.retention import prune_sqlite


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM checkpoints").fetchone()[0])


async def _play(settings: Settings, conversations: int) -> None:
    clinic = load_clinic(DEMO_CLINIC_FILE)
    clock = FixedClock(NOW)
    backend = EmbeddedBackend(":memory:", tz=clinic.time_zone, clock=clock)
    try:
        await seed_demo_clinic(backend, tz=clinic.time_zone, start=NOW.date(), weeks=4)
        async with open_checkpointer(settings) as saver:
            engine = Engine(
                backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock, checkpointer=saver
            )
            names = list(SCRIPTS)
            for number in range(conversations):
                language, lines = SCRIPTS[names[number % len(names)]]
                await engine.start(f"c{number}", language=language)
                for line in lines:
                    await engine.turn(f"c{number}", line)
    finally:
        await backend.close()


def run_checkpoint_bench(conversations: int) -> dict[str, Any]:
    """Play ``conversations`` calls, prune, and report sizes (bytes, and per 1,000 calls)."""
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        asyncio.run(_play(settings, conversations))
        path = settings.checkpoint_path
        rows_before = _rows(path)
        report = prune_sqlite(
            path, now=datetime.now().astimezone(), retention=timedelta(days=30), vacuum=True
        )
        per_1000 = 1000 / conversations
        return {
            "conversations": conversations,
            "encrypted": settings.encrypt_at_rest,
            "checkpoints_before": rows_before,
            "checkpoints_after": _rows(path),
            "bytes_before": report.bytes_before,
            "bytes_after": report.bytes_after,
            "mb_per_1000_conversations_before": round(
                (report.bytes_before or 0) * per_1000 / 1e6, 2
            ),
            "mb_per_1000_conversations_after": round((report.bytes_after or 0) * per_1000 / 1e6, 2),
        }
