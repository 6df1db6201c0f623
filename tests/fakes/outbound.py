"""Pieces shared by the outbound tests: a seeded demo store, the outreach service on an
embedded queue, a provider that can fail on demand, and a driver that runs due jobs."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent.clinic import ClinicConfig, load_clinic
from agent.clinic.loader import parse_clinic
from agent.outreach.messages import OutboundMessage, Receipt
from agent.outreach.providers import ConsoleProvider, ProviderError
from agent.outreach.sender import Sender
from agent.outreach.service import Outreach
from agent.settings import DEMO_CLINIC_FILE
from api.jobs.sqlite_queue import SqliteJobQueue
from api.jobs.worker import Worker
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import seed_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend

TZ = "Europe/Paris"
SEED_NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo(TZ))
WORKDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(TZ))
"""Monday 23 November 2026, 10:00 in Paris: working hours, not quiet."""


def seed_store(path: Path) -> Path:
    """The demo practice (two weeks from Monday 23 November 2026) in a SQLite file."""

    async def seed() -> None:
        backend = EmbeddedBackend(path, tz=TZ, clock=FixedClock(SEED_NOW))
        await seed_demo_clinic(backend, tz=TZ, start=SEED_NOW.date(), weeks=2)
        await backend.close()

    asyncio.run(seed())
    return path


def copy_store(seeded: Path, directory: Path) -> Path:
    """A private copy of a seeded store."""
    target = directory / "store.sqlite"
    shutil.copy(seeded, target)
    return target


def clinic_with(**outreach: Any) -> ClinicConfig:
    """The demo clinic with its ``outreach`` section changed."""
    demo = load_clinic(DEMO_CLINIC_FILE)
    data = demo.model_dump(mode="json", exclude_none=True)
    data["outreach"] = {**data["outreach"], **outreach}
    import yaml

    return parse_clinic(yaml.safe_dump(data, allow_unicode=True))


class FlakyProvider(ConsoleProvider):
    """The console provider, failing the next ``fail`` sends (retryable unless said)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fail = 0
        self.retryable = True
        self.attempts = 0

    async def send(self, message: OutboundMessage) -> Receipt:
        self.attempts += 1
        if self.fail > 0:
            self.fail -= 1
            raise ProviderError("provider down", retryable=self.retryable)
        return await super().send(message)


async def no_sleep(_: float) -> None:
    """tenacity's sleep in tests: no waiting."""


@dataclass
class Rig:
    """An outreach service wired on a store, a queue and a provider."""

    outreach: Outreach
    backend: EmbeddedBackend
    queue: SqliteJobQueue
    provider: FlakyProvider
    clock: FixedClock

    def worker(self, name: str | None = None) -> Worker:
        """A worker on the rig's queue."""
        return Worker(self.queue, self.outreach.handle, concurrency=8, name=name)

    async def run_due(self) -> int:
        """Run every job due now (and those they queue), like a worker would."""
        return await self.worker().drain()

    def sent(self, kind: str | None = None, to: str | None = None) -> list[OutboundMessage]:
        """Messages the provider took."""
        return [
            m
            for m in self.provider.sent
            if (kind is None or m.kind == kind) and (to is None or m.to == to)
        ]


def build_rig(
    store: Path,
    queue_path: Path | str,
    clock: FixedClock,
    clinic: ClinicConfig,
    outbox: Path | None = None,
) -> Rig:
    """A rig on ``store`` (a file) and ``queue_path``; messages also go to ``outbox``."""
    backend = EmbeddedBackend(store, tz=TZ, clock=clock)
    queue = SqliteJobQueue(queue_path, clock=clock, lease_s=30)
    provider = FlakyProvider(outbox)
    sender = Sender(backend, provider, clock, attempts=4, sleep=no_sleep)
    outreach = Outreach(backend=backend, clinic=clinic, clock=clock, sender=sender, queue=queue)
    return Rig(outreach, backend, queue, provider, clock)
