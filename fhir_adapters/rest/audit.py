"""RestBackend's audit trail: reading AuditEvents and recording access (reads by staff).

Writes record their own AuditEvents inside their transaction (see ``booking``); this class
adds the events that stand alone, such as a staff member opening a patient's record.
"""

from __future__ import annotations

from fhir_adapters.access_audit import access_event
from fhir_adapters.queries import AuditRecord
from fhir_adapters.resources import AuditEvent
from fhir_adapters.rest.parts import BackendParts
from fhir_adapters.rest.records import typed
from fhir_adapters.rest.search import search
from fhir_adapters.rest.transactions import Change, apply_one


class AuditTrail(BackendParts):
    """List AuditEvents, newest first; record one access event."""

    async def list_audit_events(self, *, limit: int = 100) -> list[AuditEvent]:
        params = [("_sort", "-_lastUpdated"), ("_count", str(min(limit, self.profile.max_count)))]
        found, _ = await search(
            self.client, "AuditEvent", params, max_pages=self.max_pages, limit=limit
        )
        return [typed(a, AuditEvent) for a in found]

    async def record_audit(self, record: AuditRecord) -> AuditEvent:
        event = access_event(record, self.clock.now())
        return typed(await apply_one(self.client, Change(event, method="POST")), AuditEvent)
