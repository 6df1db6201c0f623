"""The embedded queue: one claim per job, leases, keys, retries, dead letters, deferral."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from agent.outreach.jobs import Job
from api.jobs.sqlite_queue import SqliteJobQueue
from fhir_adapters.clock import FixedClock

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def job(key: str, *, at: datetime = NOW) -> Job:
    return Job(kind="reminder", key=f"job-{key}", run_at=at, payload={"n": key})


def test_a_key_is_queued_once_even_after_it_ran(tmp_path: Path) -> None:
    queue = SqliteJobQueue(tmp_path / "q.sqlite", clock=FixedClock(NOW))
    assert queue.enqueue_sync([job("a"), job("b"), job("a")]) == 2
    claimed = queue.claim_sync("w", 10)
    assert queue.complete_sync("w", [c.id for c in claimed]) == 2
    assert queue.enqueue_sync([job("a")]) == 0
    assert queue.stats().done == 2


def test_jobs_not_due_wait(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    queue = SqliteJobQueue(tmp_path / "q.sqlite", clock=clock)
    queue.enqueue_sync([job("later", at=NOW + timedelta(hours=1))])
    assert queue.claim_sync("w", 10) == []
    clock.advance(timedelta(hours=1))
    assert [c.job.key for c in queue.claim_sync("w", 10)] == ["job-later"]


def test_many_threads_and_connections_claim_each_job_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    clock = FixedClock(NOW)
    SqliteJobQueue(path, clock=clock).enqueue_sync([job(f"j{i}") for i in range(300)])
    claims: list[str] = []
    guard = threading.Lock()

    def work(name: str) -> None:
        queue = SqliteJobQueue(path, clock=clock)  # its own connection, like another process
        while True:
            got = queue.claim_sync(name, 7)
            if not got:
                return
            with guard:
                claims.extend(c.job.key for c in got)
            queue.complete_sync(name, [c.id for c in got])

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims) == sorted(f"job-j{i}" for i in range(300))


def test_an_expired_lease_goes_to_another_worker_and_the_first_cannot_complete(
    tmp_path: Path,
) -> None:
    clock = FixedClock(NOW)
    queue = SqliteJobQueue(tmp_path / "q.sqlite", clock=clock, lease_s=60)
    queue.enqueue_sync([job("x")])
    [first] = queue.claim_sync("dead-worker", 1)
    assert queue.claim_sync("other", 1) == []  # leased
    clock.advance(timedelta(seconds=61))
    [again] = queue.claim_sync("other", 1)
    assert again.id == first.id and again.attempts == 2
    assert queue.complete_sync("dead-worker", [first.id]) == 0  # it lost the lease
    assert queue.complete_sync("other", [again.id]) == 1


def test_failures_back_off_then_become_dead_letters(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    queue = SqliteJobQueue(tmp_path / "q.sqlite", clock=clock, max_attempts=3)
    queue.enqueue_sync([job("bad")])
    states = []
    for _ in range(3):
        clock.advance(timedelta(hours=1))
        [claimed] = queue.claim_sync("w", 1)
        states.append(queue.fail_sync("w", claimed, "BackendUnavailableError: down"))
    assert states == ["queued", "queued", "dead"]
    clock.advance(timedelta(days=1))
    assert queue.claim_sync("w", 1) == []
    assert queue.dead_jobs() == [("job-bad", "reminder", "BackendUnavailableError: down")]


def test_a_deferred_job_keeps_its_attempts(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    queue = SqliteJobQueue(tmp_path / "q.sqlite", clock=clock)
    queue.enqueue_sync([job("night")])
    [claimed] = queue.claim_sync("w", 1)
    queue.defer_sync("w", claimed, NOW + timedelta(hours=8))
    clock.advance(timedelta(hours=8))
    [again] = queue.claim_sync("w", 1)
    assert again.attempts == 1


def test_jobs_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    first = SqliteJobQueue(path, clock=FixedClock(NOW))
    first.enqueue_sync([job("kept")])
    first.close()
    reopened = SqliteJobQueue(path, clock=FixedClock(NOW))
    assert [c.job.key for c in reopened.claim_sync("w", 5)] == ["job-kept"]
