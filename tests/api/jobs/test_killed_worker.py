"""A worker killed in the middle of a job: the job runs again elsewhere, and the patient
gets the message exactly once whatever the moment of the kill."""

from __future__ import annotations

import json
import multiprocessing
from datetime import timedelta
from pathlib import Path

import pytest

from tests.agent.outreach.helpers import book
from tests.api.jobs.killer import KILLED, run_and_die
from tests.fakes.outbound import build_rig, clinic_with, copy_store, seed_store

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("killed") / "demo.sqlite")


@pytest.mark.parametrize("moment", ["before-send", "after-send", "after-record"])
async def test_a_killed_workers_job_is_retried_without_a_duplicate(
    seeded: Path,
    tmp_path: Path,
    now,
    moment: str,  # type: ignore[no-untyped-def]
) -> None:
    store, queue, outbox = (
        copy_store(seeded, tmp_path),
        tmp_path / "jobs.sqlite",
        tmp_path / "out.jsonl",
    )
    rig = build_rig(store, queue, now, clinic_with(), outbox)
    # A booking whose follow-up job (the confirmation) is queued but not run yet.
    appointment_id, _ = await book(rig, "pat-0005", run=False)
    await rig.backend.close()

    context = multiprocessing.get_context("spawn")
    doomed = context.Process(
        target=run_and_die, args=(str(store), str(queue), str(outbox), moment, now.now())
    )
    doomed.start()
    doomed.join(60)
    assert doomed.exitcode == KILLED

    # Another worker, once the dead one's lease ran out.
    now.advance(timedelta(seconds=31))
    survivor = build_rig(store, queue, now, clinic_with(), outbox)
    await survivor.run_due()
    lines = [json.loads(line) for line in outbox.read_text("utf-8").splitlines()]
    confirmations = [x for x in lines if x["key"] == f"confirmation:{appointment_id}"]
    assert len(confirmations) == 1
    await survivor.backend.close()
