"""The patient conversation API: open, talk with buttons, book, read back the transcript."""

from __future__ import annotations

import httpx

from tests.api.http.conftest import Server, open_conversation

BOOKING = ("I'd like an appointment with Dr Dubois", "Michael Brown, born 25 August 1972")


async def say(client: httpx.AsyncClient, cid: str, headers: dict[str, str], text: str) -> dict:
    response = await client.post(
        f"/v1/conversations/{cid}/messages", json={"text": text}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_open_greets_and_returns_a_token(client: httpx.AsyncClient) -> None:
    cid, _, body = await open_conversation(client, "fr")
    assert body["token"] and cid
    [greeting] = body["messages"]
    assert greeting["role"] == "agent" and "bonjour" in greeting["text"].lower()
    assert body["state"] == {
        "status": "active",
        "language": "fr",
        "expecting": "greeting",
        "handed_off": False,
        "ended": False,
        "emergency_numbers": [],
    }


async def test_booking_by_pressing_the_offered_buttons(server: Server) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    for line in BOOKING[:-1]:
        await say(client, cid, headers, line)
    offer = await say(client, cid, headers, BOOKING[-1])
    buttons = offer["messages"][0]["choices"]
    assert offer["state"]["expecting"] == "slot_choice"
    assert len(buttons) >= 2 and all(b["kind"] == "slot" for b in buttons)
    readback = await say(client, cid, headers, buttons[1]["value"])
    assert [b["kind"] for b in readback["messages"][0]["choices"]] == ["yes", "no"]
    assert buttons[1]["practitioner"] in readback["messages"][0]["text"]
    done = await say(client, cid, headers, readback["messages"][0]["choices"][0]["value"])
    [event] = done["events"]
    assert event["kind"] == "booked" and event["data"]["slot_id"] == buttons[1]["slot_id"]
    [card] = done["messages"][0]["cards"]
    assert card["practitioner"] == "Dr Thomas Dubois" and card["address"] and card["when"]
    booked = await server.engine.backend.list_appointments(
        patient_id="pat-0008", statuses=["booked"]
    )
    assert event["data"]["appointment_id"] in {a.appointment_id for a in booked}
    summary = await server.engine.summary(cid)
    assert summary.channel == "web" and summary.outcomes == ["booked"]


async def test_get_returns_the_transcript_and_the_pending_buttons(
    client: httpx.AsyncClient,
) -> None:
    cid, headers, _ = await open_conversation(client)
    for line in BOOKING:
        await say(client, cid, headers, line)
    response = await client.get(f"/v1/conversations/{cid}", headers=headers)
    assert response.status_code == 200
    view = response.json()
    assert [m["role"] for m in view["messages"]] == [
        "agent",
        "patient",
        "agent",
        "patient",
        "agent",
    ]
    assert [m["seq"] for m in view["messages"]] == [0, 1, 2, 3, 4]
    assert view["messages"][-1]["choices"] and view["state"]["expecting"] == "slot_choice"


async def test_chest_pain_shows_the_emergency_numbers(client: httpx.AsyncClient) -> None:
    cid, headers, _ = await open_conversation(client, "fr")
    reply = await say(
        client, cid, headers, "J'ai une douleur dans la poitrine et j'ai du mal à respirer"
    )
    assert reply["state"]["handed_off"] and reply["state"]["status"] == "handed_off"
    numbers = {n["number"] for n in reply["state"]["emergency_numbers"]}
    assert {"15", "112"} <= numbers
    assert [e["kind"] for e in reply["events"]] == ["handoff"]
    assert "15" in reply["messages"][0]["text"]


async def test_staff_take_over_silences_the_agent_over_http(server: Server) -> None:
    client = server.client
    cid, headers, _ = await open_conversation(client)
    await server.engine.take_over(cid, "staff-1")
    reply = await say(client, cid, headers, "hello?")
    assert reply["messages"] == [] and reply["state"]["status"] == "staff"
    await server.engine.staff_message(cid, "Hello, Anne here.", "staff-1")
    view = (await client.get(f"/v1/conversations/{cid}", headers=headers)).json()
    assert [(m["role"], m["text"]) for m in view["messages"][1:]] == [
        ("patient", "hello?"),
        ("staff", "Hello, Anne here."),
    ]


async def test_the_move_or_book_another_question_has_yes_no_buttons(
    client: httpx.AsyncClient,
) -> None:
    # Jean Dupont already sees Dr Martin on Thursday 26 November: booking near it asks first.
    cid, headers, _ = await open_conversation(client)
    await say(client, cid, headers, "I'd like an appointment with Dr Martin on Tuesday 24 November")
    asked = await say(client, cid, headers, "Jean Dupont, born 14 March 1958")
    assert asked["state"]["expecting"] == "move_existing", asked
    buttons = asked["messages"][-1]["choices"]
    assert [b["kind"] for b in buttons] == ["yes", "no"]
    other = await say(client, cid, headers, buttons[1]["value"])
    assert other["state"]["expecting"] == "slot_choice", other
