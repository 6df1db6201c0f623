"""Undo what one scenario wrote on a FHIR server, so the next one finds the same practice.

Plain FHIR, no server-specific wipe: every resource the scenario touched is found with
``_lastUpdated=gt<start>``; one it created (version 1) is deleted, one it changed is put
back as it was before (read from ``_history``). Seeding a practice takes tens of seconds;
undoing a call takes a handful of requests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

Json = dict[str, Any]
TOUCHED = ("AuditEvent", "Communication", "Task", "Appointment", "Slot", "Patient")
"""Types a call may write, in the order they are undone (references before referents)."""


async def _search(client: httpx.AsyncClient, url: str, params: dict[str, str]) -> list[Json]:
    found: list[Json] = []
    next_url: str | None = url
    query: dict[str, str] | None = params
    while next_url:
        response = await client.get(next_url, params=query)
        response.raise_for_status()
        bundle = response.json()
        found += [e["resource"] for e in bundle.get("entry") or [] if "resource" in e]
        next_url = next(
            (link["url"] for link in bundle.get("link") or [] if link.get("relation") == "next"),
            None,
        )
        query = None
    return found


def _updated(resource: Json) -> datetime | None:
    text = (resource.get("meta") or {}).get("lastUpdated")
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


async def roll_back(base_url: str, since: datetime) -> int:
    """Undo every write made on ``base_url`` after ``since``; returns how many resources."""
    base = base_url.rstrip("/")
    undone = 0
    async with httpx.AsyncClient(timeout=30, headers={"Accept": "application/fhir+json"}) as http:
        for rtype in TOUCHED:
            stamp = since.isoformat().replace("+00:00", "Z")
            changed = await _search(
                http, f"{base}/{rtype}", {"_lastUpdated": f"gt{stamp}", "_count": "100"}
            )
            for resource in changed:
                rid = resource["id"]
                history = await _search(http, f"{base}/{rtype}/{rid}/_history", {})
                earlier = [h for h in history if (u := _updated(h)) is not None and u <= since]
                if not earlier:
                    response = await http.delete(f"{base}/{rtype}/{rid}")
                else:
                    previous = max(earlier, key=lambda h: _updated(h) or since)
                    body = {k: v for k, v in previous.items() if k != "meta"}
                    response = await http.put(
                        f"{base}/{rtype}/{rid}",
                        json=body,
                        headers={"Content-Type": "application/fhir+json"},
                    )
                response.raise_for_status()
                undone += 1
    return undone
