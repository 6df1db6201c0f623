"""FHIR search with bounded paging through ``next`` links."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fhir_adapters.rest.client import FhirClient

Json = dict[str, Any]
Params = list[tuple[str, str]]


async def pages(
    client: FhirClient, resource_type: str, params: Params, *, max_pages: int
) -> AsyncIterator[tuple[list[Json], list[Json]]]:
    """Yield (matches, includes) page by page, following ``next`` links at most ``max_pages``."""
    path: str | None = resource_type
    query: Params | None = params
    for _ in range(max(1, max_pages)):
        if path is None:
            return
        response = await client.request("GET", path, params=query)
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
) -> tuple[list[Json], list[Json]]:
    """All matches (at most ``limit``) and included resources of a search."""
    matches: list[Json] = []
    includes: list[Json] = []
    async for found, included in pages(client, resource_type, params, max_pages=max_pages):
        matches.extend(found)
        includes.extend(included)
        if limit is not None and len(matches) >= limit:
            return matches[:limit], includes
    return matches, includes
