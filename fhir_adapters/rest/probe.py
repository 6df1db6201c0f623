"""Probe a FHIR server for what frontdesk relies on, and say what will and will not work.

``probe(base_url)`` reads the CapabilityStatement, tries the searches frontdesk sends
(Slot by status and start range, sorted, with ``_count``; the chained
``schedule.actor``), follows a ``next`` link, and reads the SMART configuration. It only
reads: nothing is written to the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fhir_adapters.errors import SchedulingError
from fhir_adapters.rest.auth import Auth
from fhir_adapters.rest.client import FhirClient

Json = dict[str, Any]
NEEDED_SEARCH = {
    "Slot": ("status", "start", "schedule"),
    "Schedule": ("actor",),
    "Patient": ("identifier", "birthdate", "family", "phone"),
    "Appointment": ("patient", "identifier", "slot", "status"),
}


@dataclass(frozen=True)
class Finding:
    """One capability: whether the server has it, and what that means for frontdesk."""

    name: str
    ok: bool
    detail: str
    consequence: str


def _resource(statement: Json, rtype: str) -> Json:
    for rest in statement.get("rest") or []:
        for resource in rest.get("resource") or []:
            if resource.get("type") == rtype:
                return dict(resource)
    return {}


def _interactions(statement: Json) -> set[str]:
    return {
        str(i.get("code"))
        for rest in statement.get("rest") or []
        for i in rest.get("interaction") or []
    }


async def _get(client: FhirClient, path: str, params: list[tuple[str, str]]) -> Json | None:
    try:
        return (await client.request("GET", path, params=params)).body or {}
    except SchedulingError:
        return None


async def probe(
    base_url: str, *, auth: Auth | None = None, now: datetime | None = None
) -> list[Finding]:
    """What the server at ``base_url`` offers, capability by capability (read-only)."""
    client = FhirClient(base_url, auth=auth, timeout=15.0)
    now = now or datetime.now(UTC)
    out: list[Finding] = []
    try:
        statement = await _get(client, "metadata", []) or {}
        out.append(
            Finding(
                "CapabilityStatement",
                bool(statement),
                str(statement.get("fhirVersion") or "none"),
                "capabilities read from /metadata" if statement else "defaults assumed",
            )
        )
        for rtype, params in NEEDED_SEARCH.items():
            declared = {p.get("name") for p in _resource(statement, rtype).get("searchParam") or []}
            missing = [p for p in params if declared and p not in declared]
            out.append(
                Finding(
                    f"{rtype} search parameters",
                    not missing,
                    "declared"
                    if declared and not missing
                    else f"missing {missing}"
                    if missing
                    else "not declared (tried below)",
                    "searched server-side" if not missing else "filtered locally, slower",
                )
            )
        slot = _resource(statement, "Slot")
        conditional = bool(_resource(statement, "Appointment").get("conditionalCreate"))
        out.append(
            Finding(
                "conditional create",
                conditional,
                "Appointment.conditionalCreate",
                "retried bookings deduplicated by the server"
                if conditional
                else "deduplicated by an identifier lookup",
            )
        )
        versioned = str(slot.get("versioning") or "") in ("versioned-update",) or bool(
            slot.get("updateCreate") is not None
        )
        out.append(
            Finding(
                "If-Match (versioned update)",
                versioned,
                str(slot.get("versioning") or "not declared"),
                "two callers can never book one slot" if versioned else "verify with a test",
            )
        )
        transactions = "transaction" in _interactions(statement)
        out.append(
            Finding(
                "transactions",
                transactions,
                "declared" if transactions else "not declared",
                "a booking is one all-or-nothing Bundle"
                if transactions
                else "guarded sequence (a failed booking may leave a slot busy)",
            )
        )
        stamp = now.isoformat()
        page = await _get(
            client,
            "Slot",
            [("status", "free"), ("start", f"ge{stamp}"), ("_sort", "start"), ("_count", "5")],
        )
        entries = (page or {}).get("entry") or []
        out.append(
            Finding(
                "Slot search (status, start, _sort, _count)",
                page is not None,
                f"{len(entries)} free slot(s) on the first page" if page is not None else "refused",
                "free slots found by the server" if page is not None else "no slot search",
            )
        )
        following = next(
            (x.get("url") for x in (page or {}).get("link") or [] if x.get("relation") == "next"),
            None,
        )
        if following:
            more = await _get(client, str(following), [])
            out.append(
                Finding(
                    "paging (next links)",
                    more is not None,
                    "followed" if more is not None else "next link refused",
                    "long schedules read to the end" if more is not None else "searches cut",
                )
            )
        chained = await _get(
            client, "Slot", [("schedule.actor", "Practitioner/x"), ("_count", "1")]
        )
        out.append(
            Finding(
                "chained search schedule.actor",
                chained is not None,
                "accepted" if chained is not None else "refused",
                "one request per slot search" if chained is not None else "two requests per search",
            )
        )
        smart = await _get(client, ".well-known/smart-configuration", [])
        has_token = bool((smart or {}).get("token_endpoint"))
        out.append(
            Finding(
                "SMART backend services",
                has_token,
                str((smart or {}).get("token_endpoint") or "no smart-configuration"),
                "FRONTDESK_FHIR_AUTH=smart works" if has_token else "use none or bearer auth",
            )
        )
        slot_write = "update" in {str(i.get("code")) for i in slot.get("interaction") or []}
        out.append(
            Finding(
                "Slot status updates",
                slot_write or not slot,
                "update declared" if slot_write else "not declared",
                "holds and bookings mark slots busy"
                if slot_write or not slot
                else "the server must book the slot itself (Oracle-style profile)",
            )
        )
    finally:
        await client.close()
    return out
