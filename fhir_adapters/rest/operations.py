"""Argonaut / Epic scheduling operations: ``Appointment/$find`` and ``Appointment/$book``.

Used only when the server's CapabilityStatement advertises them and the vendor profile allows
it; otherwise the backend searches Slots and creates Appointments itself. ``$book`` is not
idempotent on the wire, so a lost answer is settled by looking the Appointment up by its
idempotency identifier, exactly as for a plain create.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fhir_adapters.errors import BackendUnavailableError, SchedulingError, VersionConflictError
from fhir_adapters.queries import BookingRequest, SlotQuery
from fhir_adapters.rest.capabilities import CapabilityCache
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.records import IDEMPOTENCY_SYSTEM, slot_ids_of
from fhir_adapters.rest.slots import local_match
from fhir_adapters.rest.vendors import VendorProfile

if TYPE_CHECKING:
    from fhir_adapters.rest.booking import Writer

Json = dict[str, Any]


def _resources(body: Json | None, rtype: str) -> list[Json]:
    """Resources of ``rtype`` in an operation's answer (a Bundle, Parameters or the resource)."""
    if not body:
        return []
    if body.get("resourceType") == rtype:
        return [body]
    items = [e.get("resource") for e in body.get("entry") or []]
    items += [p.get("resource") for p in body.get("parameter") or []]
    out: list[Json] = []
    for item in items:
        if isinstance(item, dict):
            out.extend(_resources(item, rtype) if item.get("resourceType") == "Bundle" else [item])
    return [r for r in out if r.get("resourceType") == rtype]


class ScheduleOperations:
    """Calls the scheduling operations a server advertises."""

    def __init__(
        self, client: FhirClient, caps: CapabilityCache, profile: VendorProfile, tz: ZoneInfo
    ) -> None:
        self._client = client
        self._tz = tz
        self._caps = caps
        self._profile = profile

    async def has(self, name: str) -> bool:
        """Whether ``$name`` is advertised and allowed for this vendor."""
        return self._profile.scheduling_operations and name in (await self._caps.get()).operations

    async def find(self, query: SlotQuery, now: datetime) -> list[Json]:
        """Free slots proposed by ``Appointment/$find`` (the Slots its appointments point to)."""
        start = max(query.start, now) if query.start else now
        params: list[Json] = [{"name": "start", "valueDateTime": start.isoformat()}]
        if query.end:
            params.append({"name": "end", "valueDateTime": query.end.isoformat()})
        if query.specialty:
            params.append({"name": "specialty", "valueCode": query.specialty})
        if query.service_type:
            params.append({"name": "service-type", "valueCode": query.service_type})
        for practitioner in query.practitioner_ids:
            params.append({"name": "practitioner", "valueString": f"Practitioner/{practitioner}"})
        response = await self._client.request(
            "POST",
            "Appointment/$find",
            json={"resourceType": "Parameters", "parameter": params},
            idempotent=True,  # $find only reads
        )
        slots: list[Json] = _resources(response.body, "Slot")
        known = {s.get("id") for s in slots}
        for appointment in _resources(response.body, "Appointment"):
            for slot_id in slot_ids_of(appointment):
                if slot_id not in known:
                    read = await self._client.request("GET", f"Slot/{slot_id}")
                    slots.append(read.body or {})
                    known.add(slot_id)
        slots = [s for s in slots if local_match(s, query, self._tz, now)]
        slots.sort(key=lambda s: str(s.get("start")))
        return slots[: query.limit]

    async def book(self, request: BookingRequest, writer: Writer) -> Json:
        """Book through ``Appointment/$book``; settle a lost answer by idempotency key."""
        existing = await writer.by_key(request.idempotency_key)
        if existing is not None:
            return existing
        slot = await writer.read_slot(request.slot_id)
        writer.check_slot(slot, request.hold_token, request.service_type)
        await writer.check_patient(request.patient_id)
        proposed = {
            "resourceType": "Appointment",
            "status": "proposed",
            "identifier": [{"system": IDEMPOTENCY_SYSTEM, "value": request.idempotency_key}],
            "slot": [{"reference": f"Slot/{request.slot_id}"}],
            "start": slot.get("start"),
            "end": slot.get("end"),
            "participant": [
                {"actor": {"reference": f"Patient/{request.patient_id}"}, "status": "accepted"}
            ],
        }
        if request.reason:
            proposed["reasonCode"] = [{"text": request.reason}]
        body = {
            "resourceType": "Parameters",
            "parameter": [{"name": "appt-resource", "resource": proposed}],
        }
        try:
            response = await self._client.request("POST", "Appointment/$book", json=body)
        except (BackendUnavailableError, VersionConflictError):
            found = await writer.settle(request.idempotency_key)
            if found is not None:
                return found
            raise
        booked = _resources(response.body, "Appointment")
        if not booked:
            raise SchedulingError(detail="$book answered without an Appointment")
        return booked[0]
