"""RestBackend's audited record writes: patients and staff Tasks.

A record is created together with its AuditEvent (in one transaction where the server has
them). A staff Task carrying a record key (the outbox's) is created under If-None-Exist on
that key, so however often it is sent it lands once. Updates are PUTs under If-Match.
"""

from __future__ import annotations

from fhir_adapters.queries import Actor
from fhir_adapters.record_keys import RECORD_KEY_SYSTEM, record_key
from fhir_adapters.resources import DomainResource, Patient, Task, check_status
from fhir_adapters.rest import communications
from fhir_adapters.rest.parts import BackendParts
from fhir_adapters.rest.records import Json, to_json, typed, version_of
from fhir_adapters.rest.search import search
from fhir_adapters.rest.transactions import Change
from fhir_adapters.task_status import change_purpose, changed_task


class RecordWrites(BackendParts):
    """Create and update patients and Tasks; list Tasks."""

    async def _create(self, resource: DomainResource, actor: Actor, label: str) -> Json:
        check_status(resource)
        body = {k: v for k, v in to_json(resource).items() if k not in ("id", "meta")}
        # A staff record with a key (the outbox's) is created once, however often it is sent.
        key = record_key(resource) if isinstance(resource, Task) else None
        condition = f"identifier={RECORD_KEY_SYSTEM}|{key}" if key else None
        create = Change(body, method="POST", if_none_exist=condition)
        audit = self._writer.audit("create", create.local_id, actor, label)
        results = await self._writer.commit([create, audit])
        return results[0]

    async def create_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        return typed(await self._create(patient, actor, "create-patient"), Patient)

    async def update_patient(self, patient: Patient, *, actor: Actor) -> Patient:
        body = await communications.replace_versioned(
            self._writer, to_json(patient), actor, "patient"
        )
        return typed(body, Patient)

    async def create_task(self, task: Task, *, actor: Actor) -> Task:
        return typed(await self._create(task, actor, "create-task"), Task)

    async def update_task(
        self,
        task_id: str,
        *,
        status: str,
        note: str | None = None,
        actor: Actor,
        priority: str | None = None,
    ) -> Task:
        current = await self._writer.read("Task", task_id)
        task = changed_task(current, status, note, actor, self.clock.now(), priority=priority)
        change = Change(task, if_match=version_of(current))
        purpose = change_purpose(current, task)
        audit = self._writer.audit("update", f"Task/{task_id}", actor, purpose)
        return typed((await self._writer.commit([change, audit]))[0], Task)

    async def list_tasks(self, *, code: str | None = None, limit: int = 100) -> list[Task]:
        params = [("_sort", "-_lastUpdated"), ("_count", str(min(limit, self.profile.max_count)))]
        if code:
            params.append(("code", code))
        found, _ = await search(self.client, "Task", params, max_pages=self.max_pages, limit=limit)
        return [typed(t, Task) for t in found]
