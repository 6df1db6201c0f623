"""Paging through ``next`` links, with a bound, and includes kept apart from matches."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from fhir_adapters.errors import SearchIncompleteError
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.search import pages, search
from tests.fhir_adapters.rest.harness import BASE, Server, bundle, fhir


def _endless(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params.get("page", "0"))
    slots = [{"resourceType": "Slot", "id": f"s{page}-{i}"} for i in range(2)]
    return fhir(200, bundle(slots, next_url=f"{BASE}/Slot?page={page + 1}"))


def _pages_of(count: int) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "0"))
        slots = [{"resourceType": "Slot", "id": f"s{page}-{i}"} for i in range(2)]
        more = f"{BASE}/Slot?page={page + 1}" if page + 1 < count else None
        return fhir(200, bundle(slots, next_url=more))

    return answer


async def test_next_links_are_followed_to_the_last_page() -> None:
    server = Server(_pages_of(3))
    found, _ = await search(
        FhirClient(BASE, http=server.client()), "Slot", [("status", "free")], max_pages=3
    )
    assert [s["id"] for s in found] == ["s0-0", "s0-1", "s1-0", "s1-1", "s2-0", "s2-1"]
    assert len(server.requests) == 3
    assert server.requests[0].url.params["status"] == "free"
    assert server.requests[1].url.params["page"] == "1"


async def test_a_search_cut_by_the_page_bound_is_an_error_never_a_short_answer() -> None:
    server = Server(_endless)
    with pytest.raises(SearchIncompleteError):
        await search(
            FhirClient(BASE, http=server.client()), "Slot", [("status", "free")], max_pages=3
        )
    assert len(server.requests) == 3


async def test_a_search_out_of_time_is_an_error() -> None:
    server = Server(_endless)
    ticks = iter(range(100))
    with pytest.raises(SearchIncompleteError):
        async for _ in pages(
            FhirClient(BASE, http=server.client()),
            "Slot",
            [],
            max_pages=50,
            budget_s=2.5,
            monotonic=lambda: float(next(ticks)),
        ):
            pass
    assert len(server.requests) == 3


async def test_paging_stops_once_the_limit_is_reached() -> None:
    server = Server(_endless)
    found, _ = await search(
        FhirClient(BASE, http=server.client()), "Slot", [], max_pages=10, limit=3
    )
    assert len(found) == 3 and len(server.requests) == 2


async def test_included_resources_are_returned_apart() -> None:
    page = bundle([{"resourceType": "Slot", "id": "s1"}])
    page["entry"].append(
        {"resource": {"resourceType": "Schedule", "id": "sc1"}, "search": {"mode": "include"}}
    )
    server = Server(lambda _: fhir(200, page))
    found, included = await search(FhirClient(BASE, http=server.client()), "Slot", [], max_pages=2)
    assert [r["id"] for r in found] == ["s1"]
    assert [r["id"] for r in included] == ["sc1"]
