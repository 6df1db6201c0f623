"""A cache of the practice's directory: Schedules, Practitioners, roles, Locations, services.

These change rarely (a new practitioner, a new site), while every turn joins slots and
appointments with them and matches spoken names against them. Reading them once per
``ttl_s`` seconds instead of once per turn is most of what makes a REST turn fast:

* single resources ("Schedule/x") are fetched on a miss, one batched ``_id`` search per type;
* the whole lists (every Practitioner, PractitionerRole, HealthcareService) are read once,
  concurrently, and the practitioner name index is built from them;
* everything is dropped after ``ttl_s`` (then read again on the next miss), and at once when
  this backend writes the directory itself (``forget``, called by ``put_resources``).

Slots are never cached here: their availability is always asked of the server, and a
booking re-reads its Slot and books it under If-Match whatever a search said.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import Any

from fhir_adapters.matching import fold, human_name_variants
from fhir_adapters.practitioner_index import PractitionerIndex
from fhir_adapters.resources import DomainResource, Practitioner, PractitionerRole
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.records import typed
from fhir_adapters.rest.search import search

Json = dict[str, Any]
_BATCH = 50
LISTED = ("Practitioner", "PractitionerRole", "HealthcareService")
"""Types read whole (a hospital has about a thousand practitioners: a few pages each)."""


def newest_first_by_name(resource: DomainResource) -> tuple[str, float]:
    """Equal scores: by name, then most recently updated first (a shared server may hold
    look-alike records of several practices)."""
    names = getattr(resource, "name", None)
    label = fold(names if isinstance(names, str) else " ".join(human_name_variants(names)[:1]))
    updated = resource.meta.lastUpdated if resource.meta and resource.meta.lastUpdated else None
    return label, -updated.timestamp() if updated else 0.0


class Directory:
    """Directory resources by "Type/id" and whole lists by type, kept for ``ttl_s`` seconds.

    Args:
        client: the FHIR client.
        max_pages: bound on the pages of one list read.
        ttl_s: seconds a read stays valid; 0 reads again every time.
        monotonic: the clock measuring ``ttl_s`` (tests inject one).
    """

    def __init__(
        self,
        client: FhirClient,
        *,
        max_pages: int,
        ttl_s: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._max_pages = max_pages
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._items: dict[str, Json] = {}
        self._lists: dict[str, list[Json]] = {}
        self._index: PractitionerIndex | None = None
        self._since = monotonic()
        self._locks = {rtype: asyncio.Lock() for rtype in LISTED}
        self.generation = 0
        """Bumped each time the cache is dropped (tests and benchmarks read it)."""

    def forget(self) -> None:
        """Drop everything (after this backend wrote the directory, or when it expired)."""
        self._items.clear()
        self._lists.clear()
        self._index = None
        self._since = self._monotonic()
        self.generation += 1

    def _fresh(self) -> None:
        if self._monotonic() - self._since >= self.ttl_s:
            self.forget()

    def put(self, resource: Json) -> None:
        """Remember a resource read elsewhere."""
        self._fresh()
        self._items[f"{resource['resourceType']}/{resource['id']}"] = resource

    def peek(self, reference: str | None) -> Json | None:
        """The cached resource for ``reference`` ("Type/id"), if any."""
        return self._items.get(reference or "")

    async def load(self, references: Iterable[str]) -> None:
        """Fetch the references not cached yet, one ``_id`` search per type and batch, all
        concurrently."""
        self._fresh()
        missing: dict[str, list[str]] = {}
        for reference in set(references):
            if reference in self._items or "/" not in reference:
                continue
            rtype, rid = reference.split("/", 1)
            missing.setdefault(rtype, []).append(rid)
        batches = [
            (rtype, sorted(ids)[i : i + _BATCH])
            for rtype, ids in missing.items()
            for i in range(0, len(ids), _BATCH)
        ]
        results = await asyncio.gather(*(self._by_ids(rtype, ids) for rtype, ids in batches))
        for found in results:
            for resource in found:
                self._items[f"{resource['resourceType']}/{resource['id']}"] = resource

    async def _by_ids(self, rtype: str, ids: list[str]) -> list[Json]:
        params = [("_id", ",".join(ids)), ("_count", str(len(ids)))]
        found, _ = await search(self._client, rtype, params, max_pages=self._max_pages)
        return found

    async def listed(self, rtype: str) -> list[Json]:
        """Every resource of a listed type on the server (read once per ``ttl_s``)."""
        self._fresh()
        async with self._locks[rtype]:
            if rtype not in self._lists:
                found, _ = await search(
                    self._client, rtype, [("_count", "200")], max_pages=self._max_pages
                )
                self._lists[rtype] = found
            return self._lists[rtype]

    async def roles(self) -> list[Json]:
        """Every PractitionerRole of the server."""
        return await self.listed("PractitionerRole")

    async def practitioners(self) -> PractitionerIndex:
        """The practitioner index over every Practitioner and role (built once per read)."""
        people, roles = await asyncio.gather(
            self.listed("Practitioner"), self.listed("PractitionerRole")
        )
        if self._index is None:
            self._index = PractitionerIndex(
                (typed(p, Practitioner) for p in people),
                (typed(r, PractitionerRole) for r in roles),
                tie_break=newest_first_by_name,
            )
        return self._index
