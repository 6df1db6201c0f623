"""Free-slot search over FHIR REST: server-side narrowing, client-side filters in practice time.

The server is asked for ``Slot?status=free,busy-tentative&start=ge..&start=lt..&_sort=start``
narrowed to the practitioners' schedules (a chained ``schedule.actor`` search where the
vendor supports it, else ``Schedule?actor=`` first). Part of day, time-of-day bounds,
weekdays, expired holds, service type and location are then checked locally in the practice
time zone, paging through ``next`` links until enough slots are found or the page bound hits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.queries import SlotQuery
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.directory import Directory
from fhir_adapters.rest.records import actor_refs, codes_of, is_free, parse_instant
from fhir_adapters.rest.search import Params, pages, search
from fhir_adapters.rest.vendors import VendorProfile

Json = dict[str, Any]
_FEW = 20
"""Up to this many practitioners, narrowing by them beats narrowing by a location."""


def _fhir_time(value: datetime) -> str:
    return value.isoformat()


def local_match(slot: Json, query: SlotQuery, tz: ZoneInfo, now: datetime) -> bool:
    """Whether a slot passes the filters the server cannot apply."""
    start = parse_instant(slot.get("start"))
    if start is None or start <= now or not is_free(slot, now):
        return False
    if query.start and start < query.start:
        return False
    if query.end and start >= query.end:
        return False
    local = start.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if query.part_of_day is not None:
        low, high = query.part_of_day.bounds()
        if not (low <= clock < high):
            return False
    if query.not_before is not None and clock < query.not_before:
        return False
    if query.not_after is not None and clock >= query.not_after:
        return False
    if query.weekdays and local.isoweekday() not in query.weekdays:
        return False
    if query.service_type:
        services = codes_of(slot.get("serviceType"))
        if services and query.service_type not in services:
            return False
    return True


class SlotSearch:
    """Runs a SlotQuery against one server."""

    def __init__(
        self,
        client: FhirClient,
        directory: Directory,
        profile: VendorProfile,
        *,
        tz: ZoneInfo,
        max_pages: int,
    ) -> None:
        self._client = client
        self._directory = directory
        self._profile = profile
        self._tz = tz
        self._max_pages = max_pages
        self._chained = profile.chained_slot_search

    async def practitioners_for_specialty(
        self, specialty: str, location_id: str | None = None
    ) -> set[str]:
        """Ids of practitioners with a role of ``specialty`` (at ``location_id`` if given)."""
        out: set[str] = set()
        for role in await self._directory.roles():
            if specialty not in codes_of(role.get("specialty")):
                continue
            if location_id and f"Location/{location_id}" not in actor_refs(role, "location"):
                continue
            ref = str((role.get("practitioner") or {}).get("reference") or "")
            if ref.startswith("Practitioner/"):
                out.add(ref.split("/", 1)[1])
        return out

    async def run(self, query: SlotQuery, now: datetime) -> list[Json]:
        """Matching slots (raw JSON), earliest first, at most ``query.limit``."""
        specialists: set[str] | None = None
        if query.specialty:
            specialists = await self.practitioners_for_specialty(query.specialty)
        # Narrow server-side by the most selective "who/where"; the rest is checked locally.
        if query.practitioner_ids:
            wanted = set(query.practitioner_ids)
            if specialists is not None:
                wanted &= specialists
            narrow_to = [f"Practitioner/{p}" for p in sorted(wanted)]
        elif query.location_id:
            narrow_to = [f"Location/{query.location_id}"]
            if specialists:
                # "A dentist at that site": a few dentists' schedules hold far fewer slots
                # than the site's (the site is still checked locally).
                here = await self.practitioners_for_specialty(
                    query.specialty or "", query.location_id
                )
                candidates = here or specialists
                if len(candidates) <= _FEW:
                    narrow_to = [f"Practitioner/{p}" for p in sorted(candidates)]
        elif specialists is not None:
            narrow_to = [f"Practitioner/{p}" for p in sorted(specialists)]
        else:
            narrow_to = []
        if (query.practitioner_ids or specialists is not None) and not narrow_to:
            return []
        start = max(query.start, now) if query.start else now
        params: Params = [
            ("status", "free,busy-tentative"),
            ("start", f"ge{_fhir_time(start)}"),
            ("_sort", "start"),
            ("_count", str(self._page_size(query))),
        ]
        if query.end:
            params.append(("start", f"lt{_fhir_time(query.end)}"))
        try:
            return await self._collect(params, narrow_to, query, now, specialists)
        except InvalidRequestError:
            if not (narrow_to and self._chained):
                raise
            # The server refused the chained parameter: fall back to two queries from now on.
            self._chained = False
            return await self._collect(params, narrow_to, query, now, specialists)

    def _page_size(self, query: SlotQuery) -> int:
        """Small pages when the server's order is the answer; full pages when many slots
        will be dropped locally (fewer round trips through a long schedule)."""
        local = query.part_of_day or query.not_before or query.not_after or query.weekdays
        wanted = self._profile.max_count if local else max(50, query.limit * 4)
        return min(self._profile.max_count, wanted)

    async def _collect(
        self,
        params: Params,
        narrow_to: list[str],
        query: SlotQuery,
        now: datetime,
        specialists: set[str] | None,
    ) -> list[Json]:
        if narrow_to:
            narrowed = await self._narrow_to_actors(narrow_to)
            if narrowed is None:
                return []
            params = [*params, narrowed]
        found: list[Json] = []
        async for matches, _ in pages(self._client, "Slot", params, max_pages=self._max_pages):
            candidates = [s for s in matches if local_match(s, query, self._tz, now)]
            await self._directory.load(
                str((s.get("schedule") or {}).get("reference")) for s in candidates
            )
            for slot in candidates:
                if self._where_ok(slot, query, specialists):
                    found.append(slot)
                    if len(found) >= query.limit:
                        return found
        return found

    def _where_ok(self, slot: Json, query: SlotQuery, specialists: set[str] | None) -> bool:
        schedule = self._directory.peek((slot.get("schedule") or {}).get("reference")) or {}
        refs = actor_refs(schedule)
        has_location = any(r.startswith("Location/") for r in refs)
        if query.location_id and has_location and f"Location/{query.location_id}" not in refs:
            return False
        practitioner = next((r for r in refs if r.startswith("Practitioner/")), "")
        if query.practitioner_ids and practitioner.split("/")[-1] not in query.practitioner_ids:
            return False
        if specialists is not None:
            declared = codes_of(slot.get("specialty")) or codes_of(schedule.get("specialty"))
            if declared:
                return query.specialty in declared
            return practitioner.split("/")[-1] in specialists
        return True

    async def _narrow_to_actors(self, actors: list[str]) -> tuple[str, str] | None:
        """The Slot search parameter restricting to these actors' schedules (None: no schedule)."""
        if self._chained:
            return ("schedule.actor", ",".join(actors))
        schedules, _ = await search(
            self._client,
            "Schedule",
            [("actor", ",".join(actors)), ("_count", str(self._profile.max_count))],
            max_pages=self._max_pages,
        )
        for schedule in schedules:
            self._directory.put(schedule)
        if not schedules:
            return None
        return ("schedule", ",".join(f"Schedule/{s['id']}" for s in schedules))
