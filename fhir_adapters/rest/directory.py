"""A small cache of the practice's directory (Schedule, Practitioner, PractitionerRole, Location).

These resources change rarely and are tiny, so slot and appointment views join them from
memory after one batched ``_id`` search per missing type.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.search import search

Json = dict[str, Any]
_BATCH = 50


class Directory:
    """Resources by "Type/id", fetched once and kept for the backend's lifetime."""

    def __init__(self, client: FhirClient, *, max_pages: int) -> None:
        self._client = client
        self._max_pages = max_pages
        self._items: dict[str, Json] = {}
        self._roles: list[Json] | None = None
        self._lock = asyncio.Lock()

    def forget(self) -> None:
        """Drop everything (after seeding or administration)."""
        self._items.clear()
        self._roles = None

    def put(self, resource: Json) -> None:
        """Remember a resource read elsewhere."""
        self._items[f"{resource['resourceType']}/{resource['id']}"] = resource

    def peek(self, reference: str | None) -> Json | None:
        """The cached resource for ``reference`` ("Type/id"), if any."""
        return self._items.get(reference or "")

    async def load(self, references: Iterable[str]) -> None:
        """Fetch the references not cached yet, one ``_id`` search per type and batch."""
        missing: dict[str, list[str]] = {}
        for reference in set(references):
            if reference in self._items or "/" not in reference:
                continue
            rtype, rid = reference.split("/", 1)
            missing.setdefault(rtype, []).append(rid)
        for rtype, ids in missing.items():
            for i in range(0, len(ids), _BATCH):
                chunk = ids[i : i + _BATCH]
                found, _ = await search(
                    self._client,
                    rtype,
                    [("_id", ",".join(sorted(chunk))), ("_count", str(len(chunk)))],
                    max_pages=self._max_pages,
                )
                for resource in found:
                    self.put(resource)

    async def roles(self) -> list[Json]:
        """Every PractitionerRole of the server (a practice has a few dozen)."""
        async with self._lock:
            if self._roles is None:
                found, _ = await search(
                    self._client, "PractitionerRole", [("_count", "200")], max_pages=self._max_pages
                )
                self._roles = found
            return self._roles
