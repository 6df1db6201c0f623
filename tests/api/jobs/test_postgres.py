"""The Postgres job queue (procrastinate) on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from agent.outreach.jobs import Defer, Job
from api.jobs.postgres import PostgresJobQueue
from fhir_adapters.clock import FixedClock

pytestmark = pytest.mark.timeout(180)


async def _drain(*queues: PostgresJobQueue) -> None:
    await asyncio.gather(
        *(
            q.app.run_worker_async(
                concurrency=4, wait=False, install_signal_handlers=False, listen_notify=False
            )
            for q in queues
        )
    )


async def test_two_workers_run_each_job_once_and_keys_dedupe(
    postgres_url: str,
    now: FixedClock,
) -> None:
    first, second = PostgresJobQueue(postgres_url), PostgresJobQueue(postgres_url)
    ran: list[str] = []

    async def handler(job: Job) -> None:
        await asyncio.sleep(0.01)
        ran.append(job.key)

    first.handler = second.handler = handler
    jobs = [
        Job(kind="reminder", key=f"pg-{i}", run_at=now.now(), payload={"i": i}) for i in range(30)
    ]
    assert await first.enqueue(jobs) == 30
    assert await second.enqueue(jobs[:5]) == 0  # already waiting under the same keys
    await _drain(first, second)
    assert sorted(ran) == sorted(j.key for j in jobs)
    await first.close()
    await second.close()


async def test_a_deferred_job_comes_back_later(postgres_url: str, now: FixedClock) -> None:
    queue = PostgresJobQueue(postgres_url)
    seen: list[str] = []

    async def handler(job: Job) -> None:
        seen.append(job.key)
        if len(seen) == 1:
            raise Defer(now.now() - timedelta(seconds=1))  # due again at once

    queue.handler = handler
    await queue.enqueue([Job(kind="sync", key="pg-defer", run_at=now.now())])
    await _drain(queue)
    await _drain(queue)
    assert seen == ["pg-defer", "pg-defer"]
    await queue.close()
