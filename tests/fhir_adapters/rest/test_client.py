"""FhirClient retries: what is sent again, how long it waits, and what it never repeats."""

from __future__ import annotations

import httpx
import pytest

from fhir_adapters.errors import (
    BackendUnavailableError,
    ForbiddenError,
    InvalidRequestError,
    VersionConflictError,
)
from fhir_adapters.rest.client import FhirClient, RetryPolicy
from tests.fhir_adapters.rest.harness import BASE, Server, Sleeps, fhir, outcome, scripted

PATIENT = {"resourceType": "Patient", "id": "p1"}


def _client(server: Server, sleeps: Sleeps, **policy: float) -> FhirClient:
    retry = RetryPolicy(**policy) if policy else RetryPolicy(attempts=4, base=0.5, cap=2.0)
    return FhirClient(BASE, http=server.client(), retry=retry, sleep=sleeps)


async def test_a_read_is_retried_after_a_timeout_and_a_503() -> None:
    server = Server(
        scripted(
            httpx.ReadTimeout("slow"), fhir(503, outcome("transient", "busy")), fhir(200, PATIENT)
        )
    )
    sleeps = Sleeps()
    response = await _client(server, sleeps).request("GET", "Patient/p1")
    assert response.body == PATIENT
    assert len(server.requests) == 3
    assert len(sleeps.waits) == 2


async def test_backoff_is_capped_and_the_last_error_is_typed() -> None:
    server = Server(lambda _: fhir(502))
    sleeps = Sleeps()
    with pytest.raises(BackendUnavailableError) as caught:
        await _client(server, sleeps, attempts=6, base=1.0, cap=3.0).request("GET", "Slot")
    assert len(server.requests) == 6
    assert len(sleeps.waits) == 5
    assert all(0 <= w <= 3.0 for w in sleeps.waits)
    assert "HTTP 502" in (caught.value.detail or "")


async def test_429_waits_at_least_retry_after() -> None:
    server = Server(scripted(fhir(429, None, **{"Retry-After": "7"}), fhir(200, PATIENT)))
    sleeps = Sleeps()
    await _client(server, sleeps).request("GET", "Patient/p1")
    assert sleeps.waits and sleeps.waits[0] >= 7


async def test_a_retry_after_beyond_the_limit_fails_at_once() -> None:
    server = Server(lambda _: fhir(503, None, **{"Retry-After": "3600"}))
    sleeps = Sleeps()
    with pytest.raises(BackendUnavailableError):
        await _client(server, sleeps).request("GET", "Patient/p1")
    assert len(server.requests) == 1 and sleeps.waits == []


@pytest.mark.parametrize(
    "failure",
    [fhir(503), fhir(500), httpx.ReadTimeout("lost"), httpx.RemoteProtocolError("reset")],
)
async def test_a_plain_post_is_never_sent_twice(failure: httpx.Response | Exception) -> None:
    server = Server(scripted(failure, fhir(201, PATIENT)))
    with pytest.raises(BackendUnavailableError):
        await _client(server, Sleeps()).request("POST", "Patient", json=PATIENT)
    assert len(server.requests) == 1


async def test_a_post_that_never_left_or_was_rate_limited_is_sent_again() -> None:
    server = Server(scripted(httpx.ConnectError("refused"), fhir(429), fhir(201, PATIENT)))
    response = await _client(server, Sleeps()).request("POST", "Patient", json=PATIENT)
    assert response.status == 201 and len(server.requests) == 3


async def test_a_conditional_post_is_retried_on_5xx() -> None:
    server = Server(scripted(fhir(503), fhir(201, PATIENT)))
    response = await _client(server, Sleeps()).request(
        "POST", "Patient", json=PATIENT, headers={"If-None-Exist": "identifier=x"}, idempotent=True
    )
    assert response.status == 201 and len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, InvalidRequestError), (412, VersionConflictError), (403, ForbiddenError)],
)
async def test_client_errors_are_not_retried(status: int, error: type[Exception]) -> None:
    server = Server(lambda _: fhir(status, outcome("invalid", "nope")))
    with pytest.raises(error):
        await _client(server, Sleeps()).request("GET", "Slot")
    assert len(server.requests) == 1


async def test_version_and_headers_are_read_from_the_etag() -> None:
    server = Server(lambda _: fhir(200, PATIENT, ETag='W/"7"'))
    response = await _client(server, Sleeps()).request("GET", "Patient/p1")
    assert response.version == "7"
    assert server.requests[0].headers["accept"] == "application/fhir+json"


async def test_a_link_to_another_host_is_refused() -> None:
    server = Server(lambda _: fhir(200, PATIENT))
    with pytest.raises(InvalidRequestError):
        await _client(server, Sleeps()).request("GET", "https://evil.example/fhir/Slot?page=2")
    assert server.requests == []
