"""FHIR search with paging through ``next`` links that never truncates silently.

A search follows ``next`` links until the server has none left or the caller stops
reading (it has enough). Running out of pages (``max_pages``) or of time (``budget_s``)
while the server still has a ``next`` link raises ``SearchIncompleteError``: an answer
built from part of the pages would be a lie ("nothing free" while 15 slots exist).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fhir_adapters.errors import SearchIncompleteError
from fhir_adapters.rest.client import FhirClient

log = logging.getLogger(__name__)
Json = dict[str, Any]
Params = list[tuple[str, str]]


async def pages(
    client: FhirClient,
    resource_type: str,
    params: Params,
    *,
    max_pages: int,
    budget_s: float | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> AsyncIterator[tuple[list[Json], list[Json]]]:
    """Yield (matches, includes) page by page, following ``next`` links.

    Raises:
        SearchIncompleteError: ``max_pages`` pages were read (or ``budget_s`` seconds
            spent) and the server still had more.
    """
    path: str | None = resource_type
    query: Params | None = params
    started = monotonic()
    read = 0
    while path is not None:
        if read >= max(1, max_pages) or (
            budget_s is not None and read and monotonic() - started > budget_s
        ):
            log.warning(
                "%s search stopped after %d pages (%.1f s) with more to read",
                resource_type,
                read,
                monotonic() - started,
            )
            raise SearchIncompleteError(
                detail=f"{resource_type} search incomplete after {read} pages"
            )
        response = await client.request("GET", path, params=query)
        read += 1
        bundle = response.body or {}
        matches: list[Json] = []
        includes: list[Json] = []
        for entry in bundle.get("entry") or []:
            resource = entry.get("resource")
            if not isinstance(resource, dict):
                continue
            mode = (entry.get("search") or {}).get("mode", "match")
            (includes if mode == "include" else matches).append(resource)
        yield matches, includes
        path = next(
            (
                link.get("url")
                for link in bundle.get("link") or []
                if link.get("relation") == "next"
            ),
            None,
        )
        query = None  # the next link carries the whole query


async def search(
    client: FhirClient,
    resource_type: str,
    params: Params,
    *,
    max_pages: int,
    limit: int | None = None,
    budget_s: float | None = None,
) -> tuple[list[Json], list[Json]]:
    """All matches (at most ``limit``) and included resources of a search.

    Raises:
        SearchIncompleteError: the server had more pages than ``max_pages`` allowed.
    """
    matches: list[Json] = []
    includes: list[Json] = []
    async for found, included in pages(
        client, resource_type, params, max_pages=max_pages, budget_s=budget_s
    ):
        matches.extend(found)
        includes.extend(included)
        if limit is not None and len(matches) >= limit:
            return matches[:limit], includes
    return matches, includes
