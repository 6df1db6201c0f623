"""The live queue's JSON API: emergencies first, staff take over, write, hand back, resolve."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from fhir_adapters.access_audit import operation_of
from fhir_adapters.queries import Actor
from fhir_adapters.resources import Task
from tests.api.http.staff.conftest import ADMIN, RECEPTIONIST, Console, start_emergency

SignedIn = Callable[[str], Awaitable[Console]]
CHEST_PAIN = "I have a crushing chest pain and my left arm is numb"


async def _emergency(app: FastAPI, conversation_id: str = "conv-chest") -> str:
    return await start_emergency(app, conversation_id, CHEST_PAIN, caller_phone="+33612345678")


async def _routine_handoff(app: FastAPI, conversation_id: str = "conv-human") -> str:
    engine = app.state.engine
    await engine.start(conversation_id, language="en", channel="web")
    result = await engine.turn(conversation_id, "I want to speak to a human please")
    assert result.handed_off
    return conversation_id


API_ROUTES = [
    ("GET", "/staff/api/queue"),
    ("GET", "/staff/api/queue/events"),
    ("GET", "/staff/api/conversations/x"),
    ("GET", "/staff/api/conversations/x/events"),
    ("POST", "/staff/api/conversations/x/take-over"),
    ("POST", "/staff/api/conversations/x/messages"),
    ("POST", "/staff/api/conversations/x/hand-back"),
    ("POST", "/staff/api/conversations/x/resolve"),
    ("POST", "/staff/api/conversations/x/call-back-later"),
    ("POST", "/staff/api/tasks/x/resolve"),
]


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
async def test_every_staff_api_route_is_401_without_a_session(
    anonymous: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await anonymous.request(method, path, json={})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_writes_without_the_csrf_header_are_403_and_change_nothing(
    console: SignedIn, app: FastAPI
) -> None:
    cid = await _emergency(app)
    anne = await console(RECEPTIONIST)
    response = await anne.client.post(f"/staff/api/conversations/{cid}/take-over")
    assert response.status_code == 403
    assert (await app.state.engine.summary(cid)).status == "handed_off"


async def test_an_emergency_is_first_in_the_queue_with_reason_and_callback(
    console: SignedIn, app: FastAPI
) -> None:
    routine = await _routine_handoff(app)
    emergency = await _emergency(app)
    anne = await console(RECEPTIONIST)
    items = (await anne.client.get("/staff/api/queue")).json()
    ids = [i["id"] for i in items]
    assert ids.index(emergency) < ids.index(routine)
    first = items[0]
    assert first["urgency"] == "stat" and first["status"] == "handed_off"
    assert first["reason"] == "emergency"
    assert first["callback"] == "+33612345678"
    assert "red_flags=" in first["summary"]


async def test_a_waiting_call_that_turns_into_an_emergency_goes_to_the_top_of_the_queue(
    console: SignedIn, app: FastAPI
) -> None:
    first_in = await _routine_handoff(app, "conv-early")
    worse = await _routine_handoff(app, "conv-worse")
    said = await app.state.engine.turn(worse, "hurry, my wife collapsed and isn't breathing")
    assert "15" in said.reply
    anne = await console(RECEPTIONIST)
    items = (await anne.client.get("/staff/api/queue")).json()
    ids = [i["id"] for i in items]
    assert ids.index(worse) < ids.index(first_in)  # it waited less, but it is an emergency
    top = items[0]
    assert top["urgency"] == "stat" and top["reason"] == "emergency"
    assert ids.count(worse) == 1  # its Task was raised, not doubled into a second item


async def test_take_over_write_hand_back_and_resolve_with_an_audit_trail(
    console: SignedIn, app: FastAPI
) -> None:
    engine = app.state.engine
    cid = await _emergency(app)
    anne = await console(RECEPTIONIST)
    headers = {"X-CSRF-Token": anne.csrf}
    base = f"/staff/api/conversations/{cid}"

    view = (await anne.client.get(base)).json()
    assert view["transcript"][1]["text"] == CHEST_PAIN
    taken = await anne.client.post(f"{base}/take-over", headers=headers)
    assert taken.status_code == 200 and taken.json()["status"] == "staff"
    assert taken.json()["handled_by"] == RECEPTIONIST

    sent = await anne.client.post(
        f"{base}/messages",
        json={"text": "This is Anne. An ambulance is on its way."},
        headers=headers,
    )
    assert sent.status_code == 200 and sent.json()["role"] == "staff"
    patient_view = await engine.transcript(cid)
    assert patient_view[-1].role == "staff" and "ambulance" in patient_view[-1].text
    silent = await engine.turn(cid, "thank you")
    assert silent.reply == ""  # the agent stays silent while staff hold the call

    back = await anne.client.post(f"{base}/hand-back", json={"note": None}, headers=headers)
    assert back.status_code == 200 and back.json()["status"] != "staff"
    done = await anne.client.post(
        f"{base}/resolve", json={"note": "Ambulance called"}, headers=headers
    )
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    queue = (await anne.client.get("/staff/api/queue")).json()
    assert cid not in [i["id"] for i in queue]

    events = await engine.backend.list_audit_events(limit=30)
    mine = [
        (operation_of(e), e.action)
        for e in events
        if e.agent and e.agent[0].who and e.agent[0].who.display == RECEPTIONIST
    ]
    for expected in (
        ("view-transcript", "R"),
        ("take-over", "U"),
        ("staff-message", "U"),
        ("hand-back", "U"),
        ("resolve", "U"),
    ):
        assert expected in mine
    assert all(e.agent[0].altId == cid for e in events if operation_of(e) == "take-over")


async def test_bad_actions_get_clear_errors(console: SignedIn, app: FastAPI) -> None:
    cid = await _emergency(app)
    anne = await console(RECEPTIONIST)
    headers = {"X-CSRF-Token": anne.csrf}
    missing = await anne.client.post("/staff/api/conversations/nope/take-over", headers=headers)
    assert missing.status_code == 404
    empty = await anne.client.post(
        f"/staff/api/conversations/{cid}/messages", json={"text": ""}, headers=headers
    )
    assert empty.status_code == 422
    too_long = await anne.client.post(
        f"/staff/api/conversations/{cid}/messages", json={"text": "x" * 2001}, headers=headers
    )
    assert too_long.status_code == 422
    await app.state.engine.resolve(cid, "done", "someone")
    again = await anne.client.post(
        f"/staff/api/conversations/{cid}/hand-back", json={}, headers=headers
    )
    assert again.status_code == 409


async def test_open_staff_tasks_from_the_ehr_are_queued_and_can_be_resolved(
    console: SignedIn, app: FastAPI
) -> None:
    backend = app.state.engine.backend
    task = await backend.create_task(
        Task(
            status="requested",
            intent="order",
            priority="urgent",
            code={
                "coding": [{"system": "https://frontdesk.dev/task", "code": "prescription-renewal"}]
            },
            description="Prescription renewal: insulin (not identified, callback +33611111111)",
        ),
        actor=Actor(),
    )
    anne = await console(RECEPTIONIST)
    items = (await anne.client.get("/staff/api/queue")).json()
    item = next(i for i in items if i["id"] == task.id)
    assert item["kind"] == "task" and item["urgency"] == "urgent"
    assert item["reason"] == "prescription-renewal" and item["callback"] == "+33611111111"

    done = await anne.client.post(
        f"/staff/api/tasks/{task.id}/resolve",
        json={"note": "Renewed"},
        headers={"X-CSRF-Token": anne.csrf},
    )
    assert done.status_code == 200
    assert (await backend.get(Task, str(task.id))).status == "completed"
    items = (await anne.client.get("/staff/api/queue")).json()
    assert task.id not in [i["id"] for i in items]


async def test_call_back_later_turns_the_conversation_into_a_callback_task(
    console: SignedIn, app: FastAPI
) -> None:
    cid = await _routine_handoff(app)
    anne = await console(RECEPTIONIST)
    response = await anne.client.post(
        f"/staff/api/conversations/{cid}/call-back-later",
        json={"note": "after 14:00"},
        headers={"X-CSRF-Token": anne.csrf},
    )
    assert response.status_code == 200
    task_id = response.json()["task_id"]
    task = await app.state.engine.backend.get(Task, task_id)
    assert task.code.coding[0].code == "callback" and task.status == "requested"
    items = (await anne.client.get("/staff/api/queue")).json()
    ids = [i["id"] for i in items]
    assert cid not in ids and task_id in ids


async def test_admins_use_the_queue_too(console: SignedIn, app: FastAPI) -> None:
    await _emergency(app)
    boss = await console(ADMIN)
    assert (await boss.client.get("/staff/api/queue")).status_code == 200
