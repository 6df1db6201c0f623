"""The outbox: staff records promised while the EHR is down are kept, shown, and delivered
exactly once when it answers again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.task import Task

from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.errors import BackendUnavailableError
from fhir_adapters.outbox import LOCAL_ID_PREFIX, Outbox, OutboxBackend
from fhir_adapters.queries import Actor
from fhir_adapters.record_keys import record_key, with_record_key

ACTOR = Actor(conversation_id="c1")


def _task(code: str = "handoff", text: str = "Call Jean back") -> Task:
    return Task.model_validate(
        {
            "status": "requested",
            "intent": "order",
            "priority": "urgent",
            "code": CodeableConcept(
                coding=[Coding(system="https://frontdesk.dev/task", code=code)]
            ).model_dump(mode="json"),
            "description": text,
        }
    )


class FlakyEhr:
    """An EHR (the embedded store) that can be switched off."""

    def __init__(self, inner: EmbeddedBackend) -> None:
        self.inner = inner
        self.down = False

    async def create_task(self, task: Task, *, actor: Actor) -> Task:
        if self.down:
            raise BackendUnavailableError(detail="connection refused")
        return await self.inner.create_task(task, actor=actor)

    async def list_tasks(self, *, code: str | None = None, limit: int = 100) -> list[Task]:
        if self.down:
            raise BackendUnavailableError(detail="connection refused")
        return await self.inner.list_tasks(code=code, limit=limit)

    async def close(self) -> None:
        await self.inner.close()


@pytest.fixture
async def ehr(clock: FixedClock) -> FlakyEhr:
    store = EmbeddedBackend(":memory:", tz="Europe/Paris", clock=clock)
    yield FlakyEhr(store)
    await store.close()


async def test_a_task_promised_while_the_ehr_is_down_lands_once(
    ehr: FlakyEhr, clock: FixedClock, tmp_path: Path
) -> None:
    backend = OutboxBackend(ehr, Outbox(tmp_path / "outbox.sqlite"), clock=clock)  # type: ignore[arg-type]
    ehr.down = True
    kept = await backend.create_task(_task(), actor=ACTOR)
    assert kept.id is not None and kept.id.startswith(LOCAL_ID_PREFIX)
    shown = await backend.list_tasks(code="handoff")  # staff see it while the EHR is down
    assert [t.id for t in shown] == [kept.id]
    assert await backend.drain() == 0 and await backend.outbox.depth() == 1
    ehr.down = False
    assert await backend.drain() == 1
    assert await backend.drain() == 0  # delivered once
    in_ehr = await ehr.inner.list_tasks(code="handoff")
    assert len(in_ehr) == 1 and record_key(in_ehr[0]) == record_key(kept)
    assert [t.id for t in await backend.list_tasks(code="handoff")] == [in_ehr[0].id]


async def test_the_outbox_survives_a_restart(
    ehr: FlakyEhr, clock: FixedClock, tmp_path: Path
) -> None:
    ehr.down = True
    first = OutboxBackend(ehr, Outbox(tmp_path / "o.sqlite"), clock=clock)  # type: ignore[arg-type]
    await first.create_task(_task("billing"), actor=ACTOR)
    first.outbox.close()
    ehr.down = False
    second = OutboxBackend(ehr, Outbox(tmp_path / "o.sqlite"), clock=clock)  # type: ignore[arg-type]
    assert await second.drain() == 1
    assert len(await ehr.inner.list_tasks(code="billing")) == 1


async def test_a_resent_record_is_created_once_by_the_store(ehr: FlakyEhr) -> None:
    keyed, key = with_record_key(_task())
    first = await ehr.inner.create_task(keyed, actor=ACTOR)
    again = await ehr.inner.create_task(keyed, actor=ACTOR)
    assert first.id == again.id and len(await ehr.inner.list_tasks()) == 1
    assert record_key(first) == key


async def test_sealed_outbox_shows_no_patient_text(
    ehr: FlakyEhr, clock: FixedClock, tmp_path: Path
) -> None:
    from agent.crypto import Keyring

    ring = Keyring(b"k" * 32)
    outbox = Outbox(tmp_path / "s.sqlite", seal=ring.seal_text, unseal=ring.open_text)
    backend = OutboxBackend(ehr, outbox, clock=clock)  # type: ignore[arg-type]
    ehr.down = True
    await backend.create_task(_task(text="Call Jean Dupont back"), actor=ACTOR)
    outbox.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("s.sqlite*"))
    assert b"Dupont" not in raw


async def test_a_record_the_ehr_refuses_is_a_dead_letter_staff_still_see(
    ehr: FlakyEhr, clock: FixedClock, tmp_path: Path
) -> None:
    from fhir_adapters.errors import InvalidRequestError

    backend = OutboxBackend(ehr, Outbox(tmp_path / "d.sqlite"), clock=clock)  # type: ignore[arg-type]
    ehr.down = True
    await backend.create_task(_task(text="refused"), actor=ACTOR)
    await backend.create_task(_task(text="fine"), actor=ACTOR)
    ehr.down = False
    real = ehr.create_task

    async def picky(task: Task, *, actor: Actor) -> Task:
        if task.description == "refused":
            raise InvalidRequestError(detail="unknown patient")
        return await real(task, actor=actor)

    ehr.create_task = picky  # type: ignore[method-assign]
    assert await backend.drain() == 1  # the refused one does not block the next
    assert await backend.drain() == 0
    shown = [t.description for t in await backend.list_tasks()]
    assert "refused" in shown and "fine" in shown
