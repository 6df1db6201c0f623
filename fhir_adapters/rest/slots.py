"""Free-slot search over FHIR REST: server-side narrowing, client-side filters in practice time.

The server is asked for ``Slot?status=free,busy-tentative&start=ge..&start=lt..&_sort=start``
narrowed to the practitioners' schedules (``schedule=``; each actor's Schedules are read
once per directory TTL with ``Schedule?actor=``, which every vendor supports and which spares
the server a chained join on every search). Part of day, time-of-day bounds,
weekdays, expired holds, service type and location are then checked locally in the practice
time zone, paging through ``next`` links until enough slots are found or the page bound hits.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.codings import accepts_visit, role_specialties, specialty_keys
from fhir_adapters.queries import SlotQuery
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.directory import Directory
from fhir_adapters.rest.records import actor_refs, is_free, parse_instant
from fhir_adapters.rest.search import Params, pages
from fhir_adapters.rest.vendors import VendorProfile

Json = dict[str, Any]
_FEW = 20
"""Up to this many practitioners, narrowing by them beats narrowing by a location."""


HORIZON = timedelta(weeks=12)
"""How far ahead a search by part of day or weekday looks when the query sets no end."""


def _fhir_time(value: datetime) -> str:
    return value.isoformat()


def day_windows(
    query: SlotQuery, now: datetime, tz: ZoneInfo
) -> list[tuple[datetime, datetime]] | None:
    """The [start, end) instants of each allowed day's allowed hours, or None when the query
    has no time-of-day or weekday filter (one search in start order answers it)."""
    if not (query.part_of_day or query.not_before or query.not_after or query.weekdays):
        return None
    low, high = time(0, 0), None
    if query.part_of_day is not None:
        low, high = query.part_of_day.bounds()
    if query.not_before is not None and query.not_before > low:
        low = query.not_before
    if query.not_after is not None and (high is None or query.not_after < high):
        high = query.not_after
    first = max(query.start or now, now)
    last = query.end or first + HORIZON
    out: list[tuple[datetime, datetime]] = []
    day = first.astimezone(tz).date()
    while True:
        start = datetime.combine(day, low, tz)
        if start >= last:
            break
        end = datetime.combine(day + timedelta(days=1), time(0, 0), tz)
        if high is not None and high < time(23, 59):
            end = datetime.combine(day, high, tz)
        if (not query.weekdays or day.isoweekday() in query.weekdays) and end > first:
            out.append((max(start, first), min(end, last)))
        day += timedelta(days=1)
    return [(a, b) for a, b in out if b > a]


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
    return accepts_visit(slot.get("serviceType"), query.service_type)


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
        budget_s: float | None = None,
    ) -> None:
        self._client = client
        self._directory = directory
        self._profile = profile
        self._tz = tz
        self._max_pages = max_pages
        self._budget_s = budget_s

    async def practitioners_for_specialty(
        self, specialty: str, location_id: str | None = None
    ) -> set[str]:
        """Ids of practitioners with a role of ``specialty`` (at ``location_id`` if given)."""
        out: set[str] = set()
        for role in await self._directory.roles():
            if specialty not in role_specialties(role):
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
        windows = day_windows(query, now, self._tz)
        if windows is None:
            return await self._page(params, query, now, specialists, query.limit)
        # Part of day, hours or weekdays: ask the server for those hours only, a week of days
        # at a time (concurrently), instead of paging through every slot of every day.
        found: list[Json] = []
        base = [(k, v) for k, v in params if k != "start"]
        for week in range(0, len(windows), 7):
            batch = windows[week : week + 7]
            results = await asyncio.gather(
                *(
                    self._page(
                        [
                            *base,
                            ("start", f"ge{_fhir_time(lo)}"),
                            ("start", f"lt{_fhir_time(hi)}"),
                        ],
                        query,
                        now,
                        specialists,
                        query.limit - len(found),
                    )
                    for lo, hi in batch
                )
            )
            for day in results:
                found.extend(day[: query.limit - len(found)])
            if len(found) >= query.limit:
                break
        return found

    async def _page(
        self,
        params: Params,
        query: SlotQuery,
        now: datetime,
        specialists: set[str] | None,
        wanted: int,
    ) -> list[Json]:
        """Matching slots of one server search, paging until ``wanted`` are found."""
        found: list[Json] = []
        async for matches, _ in pages(
            self._client, "Slot", params, max_pages=self._max_pages, budget_s=self._budget_s
        ):
            candidates = [s for s in matches if local_match(s, query, self._tz, now)]
            await self._directory.load(
                str((s.get("schedule") or {}).get("reference")) for s in candidates
            )
            for slot in candidates:
                if self._where_ok(slot, query, specialists):
                    found.append(slot)
                    if len(found) >= wanted:
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
            declared = (
                specialty_keys(slot.get("specialty"))
                or specialty_keys(schedule.get("specialty"))
                or specialty_keys(slot.get("serviceType"))
                or specialty_keys(schedule.get("serviceType"))
            )
            if declared:
                return query.specialty in declared
            return practitioner.split("/")[-1] in specialists
        return True

    async def _narrow_to_actors(self, actors: list[str]) -> tuple[str, str] | None:
        """The Slot search parameter restricting to these actors' schedules (None: no schedule)."""
        schedules = await self._directory.schedules_of(actors, count=self._profile.max_count)
        if not schedules:
            return None
        return ("schedule", ",".join(f"Schedule/{s['id']}" for s in schedules))
