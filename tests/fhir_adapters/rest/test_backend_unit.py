"""RestBackend decisions checked on a scripted server: which interactions it chooses
(chained search or two queries, $find/$book or not, transaction or guarded sequence,
PATCH with If-Match for Oracle) and how it settles a booking whose answer was lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import BackendUnavailableError, InvalidRequestError
from fhir_adapters.queries import Actor, BookingRequest, SlotQuery
from fhir_adapters.rest import RestBackend, RetryPolicy
from fhir_adapters.rest.records import IDEMPOTENCY_SYSTEM
from tests.fhir_adapters.rest.harness import BASE, Server, Sleeps, bundle, fhir, outcome

Json = dict[str, Any]
SLOT = {
    "resourceType": "Slot",
    "id": "s1",
    "meta": {"versionId": "3"},
    "schedule": {"reference": "Schedule/sc1"},
    "status": "free",
    "start": "2026-11-24T09:00:00+01:00",
    "end": "2026-11-24T09:30:00+01:00",
}
SCHEDULE = {"resourceType": "Schedule", "id": "sc1", "actor": [{"reference": "Practitioner/d1"}]}
DOCTOR = {"resourceType": "Practitioner", "id": "d1", "name": [{"family": "Martin"}]}
PATIENT = {"resourceType": "Patient", "id": "p1"}
KEY = "booking-key-1"
BOOKED = {
    "resourceType": "Appointment",
    "id": "a1",
    "meta": {"versionId": "1"},
    "status": "booked",
    "identifier": [{"system": IDEMPOTENCY_SYSTEM, "value": KEY}],
    "slot": [{"reference": "Slot/s1"}],
    "start": SLOT["start"],
    "end": SLOT["end"],
    "participant": [{"actor": {"reference": "Patient/p1"}, "status": "accepted"}],
}


def capability(
    *, transactions: bool = True, operations: tuple[str, ...] = (), conditional: bool = True
) -> Json:
    return {
        "resourceType": "CapabilityStatement",
        "rest": [
            {
                "mode": "server",
                "interaction": [{"code": "transaction"}] if transactions else [],
                "resource": [
                    {
                        "type": "Appointment",
                        "conditionalCreate": conditional,
                        "operation": [
                            {
                                "name": op,
                                "definition": f"http://x/OperationDefinition/appointment-{op}",
                            }
                            for op in operations
                        ],
                    }
                ],
            }
        ],
    }


Route = Callable[[httpx.Request], httpx.Response | None]


def ehr(*routes: Route, caps: Json | None = None) -> Callable[[httpx.Request], httpx.Response]:
    """A server answering the first route that returns a response, with common reads."""

    def handle(request: httpx.Request) -> httpx.Response:
        for route in routes:
            answer = route(request)
            if answer is not None:
                return answer
        path = request.url.path.removeprefix("/fhir/")
        if path == "metadata":
            return fhir(200, caps or capability())
        if request.method == "GET" and path == "Slot/s1":
            return fhir(200, SLOT, ETag='W/"3"')
        if request.method == "GET" and path == "Patient/p1":
            return fhir(200, PATIENT)
        if request.method == "GET" and path == "Schedule":
            return fhir(200, bundle([SCHEDULE]))
        if request.method == "GET" and path == "Practitioner":
            return fhir(200, bundle([DOCTOR]))
        if request.method == "GET" and path in ("PractitionerRole", "Location"):
            return fhir(200, bundle([]))
        if request.method == "GET" and path == "Appointment":
            return fhir(200, bundle([]))
        return fhir(404, outcome("not-found", path))

    return handle


def backend(server: Server, clock: FixedClock, **kwargs: Any) -> RestBackend:
    return RestBackend(
        BASE,
        tz="Europe/Paris",
        clock=clock,
        http=server.client(),
        sleep=Sleeps(),
        retry=RetryPolicy(attempts=3),
        **kwargs,
    )


def request() -> BookingRequest:
    return BookingRequest(slot_id="s1", patient_id="p1", idempotency_key=KEY)


def _body(req: httpx.Request) -> Json:
    return json.loads(req.content) if req.content else {}


async def test_chained_search_falls_back_to_two_queries_when_refused(clock: FixedClock) -> None:
    def slots(req: httpx.Request) -> httpx.Response | None:
        if req.url.path.endswith("/Slot"):
            if "schedule.actor" in req.url.params:
                return fhir(400, outcome("invalid", "Unknown search parameter schedule.actor"))
            if req.url.params.get("schedule") == "Schedule/sc1":
                return fhir(200, bundle([SLOT]))
        return None

    server = Server(ehr(slots))
    views = await backend(server, clock).find_slots(SlotQuery(practitioner_ids=("d1",)))
    assert [v.slot_id for v in views] == ["s1"]
    assert views[0].practitioner is not None and views[0].practitioner.id == "d1"
    schedule_search = next(r for r in server.requests if r.url.path.endswith("/Schedule"))
    assert schedule_search.url.params["actor"] == "Practitioner/d1"


async def test_find_and_book_operations_are_used_when_advertised(clock: FixedClock) -> None:
    def operations(req: httpx.Request) -> httpx.Response | None:
        if req.url.path.endswith("/Appointment/$find"):
            proposed = {**BOOKED, "id": None, "status": "proposed"}
            return fhir(200, bundle([proposed]))
        if req.url.path.endswith("/Appointment/$book"):
            return fhir(200, bundle([BOOKED]))
        return None

    server = Server(ehr(operations, caps=capability(operations=("find", "hold", "book"))))
    rest = backend(server, clock)
    views = await rest.find_slots(SlotQuery(limit=5))
    booked = await rest.book(request())
    assert [v.slot_id for v in views] == ["s1"] and booked.id == "a1"
    posted = [r.url.path for r in server.requests if r.method == "POST"]
    assert posted == ["/fhir/Appointment/$find", "/fhir/Appointment/$book"]
    parameters = _body(next(r for r in server.requests if r.url.path.endswith("$book")))
    assert parameters["parameter"][0]["resource"]["identifier"][0]["value"] == KEY


async def test_without_advertised_operations_slots_are_searched(clock: FixedClock) -> None:
    server = Server(
        ehr(lambda r: fhir(200, bundle([SLOT])) if r.url.path.endswith("/Slot") else None)
    )
    await backend(server, clock).find_slots(SlotQuery(limit=5))
    assert not any("$" in r.url.path for r in server.requests)
    slot_search = next(r for r in server.requests if r.url.path.endswith("/Slot"))
    assert slot_search.url.params["status"] == "free,busy-tentative"
    assert slot_search.url.params["_sort"] == "start"


async def test_booking_is_one_conditional_transaction(clock: FixedClock) -> None:
    def tx(req: httpx.Request) -> httpx.Response | None:
        if req.method == "POST" and req.url.path == "/fhir":
            entries = [{"resource": e["resource"]} for e in _body(req)["entry"]]
            entries[1]["resource"] = BOOKED
            return fhir(
                200, {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}
            )
        return None

    server = Server(ehr(tx))
    appointment = await backend(server, clock).book(request())
    assert appointment.id == "a1"
    sent = _body(next(r for r in server.requests if r.url.path == "/fhir"))
    slot_entry, appt_entry, audit_entry = sent["entry"]
    assert slot_entry["request"] == {"method": "PUT", "url": "Slot/s1", "ifMatch": 'W/"3"'}
    assert slot_entry["resource"]["status"] == "busy"
    assert appt_entry["request"]["ifNoneExist"] == f"identifier={IDEMPOTENCY_SYSTEM}|{KEY}"
    assert audit_entry["resource"]["entity"][0]["what"]["reference"] == appt_entry["fullUrl"]


async def test_a_lost_answer_is_settled_by_the_idempotency_key(clock: FixedClock) -> None:
    """The transaction was applied but every answer was lost: the booking is found, not redone."""
    applied: list[Json] = []

    def flaky(req: httpx.Request) -> httpx.Response | None:
        if req.method == "POST" and req.url.path == "/fhir":
            applied.append(_body(req))
            return fhir(503)
        if req.method == "GET" and req.url.path.endswith("/Appointment"):
            return fhir(200, bundle([BOOKED] if applied else []))
        return None

    server = Server(ehr(flaky))
    appointment = await backend(server, clock).book(request())
    assert appointment.id == "a1"
    assert len(applied) == 3  # the conditional transaction is safe to resend


async def test_a_refused_booking_is_confirmed_unwritten_before_failing(clock: FixedClock) -> None:
    def down(req: httpx.Request) -> httpx.Response | None:
        if req.method == "POST" and req.url.path == "/fhir":
            return fhir(503)
        return None

    server = Server(ehr(down))
    with pytest.raises(BackendUnavailableError):
        await backend(server, clock).book(request())
    lookups = [
        r
        for r in server.requests
        if r.url.path.endswith("/Appointment") and r.url.params.get("identifier")
    ]
    assert len(lookups) >= 2  # before booking, and after each failed round
    assert all(r.url.params["identifier"] == f"{IDEMPOTENCY_SYSTEM}|{KEY}" for r in lookups)


async def test_guarded_sequence_puts_the_slot_back_when_the_appointment_fails(
    clock: FixedClock,
) -> None:
    stored: list[Json] = [SLOT]

    def sequence(req: httpx.Request) -> httpx.Response | None:
        current = stored[-1]
        version = current["meta"]["versionId"]
        if req.method == "GET" and req.url.path.endswith("/Slot/s1"):
            return fhir(200, current, ETag=f'W/"{version}"')
        if req.method == "PUT" and req.url.path.endswith("/Slot/s1"):
            if req.headers.get("if-match") != f'W/"{version}"':
                return fhir(412)
            stored.append({**_body(req), "meta": {"versionId": str(int(version) + 1)}})
            return fhir(200, stored[-1], ETag=f'W/"{int(version) + 1}"')
        if req.method == "POST" and req.url.path.endswith("/Appointment"):
            return fhir(400, outcome("invalid", "participant required"))
        return None

    server = Server(ehr(sequence, caps=capability(transactions=False)))
    with pytest.raises(InvalidRequestError):
        await backend(server, clock).book(request())
    create = next(r for r in server.requests if r.method == "POST")
    assert create.headers["if-none-exist"] == f"identifier={IDEMPOTENCY_SYSTEM}|{KEY}"
    puts = [r for r in server.requests if r.method == "PUT"]
    assert [_body(r)["status"] for r in puts] == ["busy", "free"]
    assert [r.headers["if-match"] for r in puts] == ['W/"3"', 'W/"4"']
    assert stored[-1]["status"] == "free" and "extension" not in stored[-1]
    assert not any(r.url.path == "/fhir" and r.method == "POST" for r in server.requests)


async def test_oracle_cancels_with_a_json_patch_under_if_match(clock: FixedClock) -> None:
    def oracle(req: httpx.Request) -> httpx.Response | None:
        if req.method == "GET" and req.url.path.endswith("/Appointment/a1"):
            status = "cancelled" if any(r.method == "PATCH" for r in server.requests) else "booked"
            return fhir(200, {**BOOKED, "status": status}, ETag='W/"1"')
        if req.method == "PATCH":
            return fhir(200, {**BOOKED, "status": "cancelled"})
        return None

    server = Server(ehr(oracle, caps=capability(transactions=False)))
    done = await backend(server, clock, vendor="oracle").cancel(
        "a1", patient_id="p1", actor=Actor()
    )
    assert done.status == "cancelled"
    patch = next(r for r in server.requests if r.method == "PATCH")
    assert patch.headers["if-match"] == 'W/"1"'
    assert patch.headers["content-type"] == "application/json-patch+json"
    assert json.loads(patch.content) == [{"op": "replace", "path": "/status", "value": "cancelled"}]
    assert not any(r.method == "PUT" for r in server.requests)  # Oracle frees the slot itself


async def test_capabilities_are_read_once(clock: FixedClock) -> None:
    server = Server(
        ehr(lambda r: fhir(200, bundle([SLOT])) if r.url.path.endswith("/Slot") else None)
    )
    rest = backend(server, clock)
    for _ in range(3):
        await rest.find_slots(SlotQuery(limit=1))
    assert sum(1 for r in server.requests if r.url.path.endswith("/metadata")) == 1


async def test_no_if_none_exist_where_conditional_create_is_not_advertised(
    clock: FixedClock,
) -> None:
    def plain(req: httpx.Request) -> httpx.Response | None:
        if req.method == "PUT":
            return fhir(200, {**_body(req), "meta": {"versionId": "4"}})
        if req.method == "POST" and req.url.path.endswith("/Appointment"):
            return fhir(201, BOOKED)
        if req.method == "POST" and req.url.path.endswith("/AuditEvent"):
            return fhir(201, {"resourceType": "AuditEvent", "id": "e1"})
        return None

    caps = capability(transactions=False, conditional=False)
    server = Server(ehr(plain, caps=caps))
    assert (await backend(server, clock).book(request())).id == "a1"
    create = next(
        r for r in server.requests if r.url.path.endswith("/Appointment") and r.method == "POST"
    )
    assert "if-none-exist" not in create.headers


async def test_a_specialty_nobody_named_practises_finds_nothing(clock: FixedClock) -> None:
    server = Server(
        ehr(lambda r: fhir(200, bundle([SLOT])) if r.url.path.endswith("/Slot") else None)
    )
    views = await backend(server, clock).find_slots(
        SlotQuery(practitioner_ids=("d1",), specialty="dentistry")
    )
    assert views == []
    assert not any(r.url.path.endswith("/Slot") for r in server.requests)
