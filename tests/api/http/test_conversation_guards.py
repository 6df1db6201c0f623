"""Tokens and bad input: 401 without the conversation's own token and nothing runs; every
malformed request is a 4xx problem document, never a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.api.http.conftest import Server, open_conversation

PROBLEM = "application/problem+json"


async def turn_count(server: Server, cid: str) -> int:
    return int((await server.engine.state(cid)).get("turn_count", 0))


@pytest.mark.parametrize("authorization", [None, "Bearer nope", "Basic abc", "Bearer "])
async def test_without_the_token_nothing_runs(server: Server, authorization: str | None) -> None:
    cid, _, _ = await open_conversation(server.client)
    headers = {"Authorization": authorization} if authorization else {}
    post = await server.client.post(
        f"/v1/conversations/{cid}/messages", json={"text": "cancel my appointment"}, headers=headers
    )
    get = await server.client.get(f"/v1/conversations/{cid}", headers=headers)
    for response in (post, get):
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.headers["www-authenticate"] == "Bearer"
    assert await turn_count(server, cid) == 0


async def test_another_conversations_token_is_refused(server: Server) -> None:
    mine, _, _ = await open_conversation(server.client)
    _, theirs, _ = await open_conversation(server.client)
    response = await server.client.post(
        f"/v1/conversations/{mine}/messages", json={"text": "hello"}, headers=theirs
    )
    assert response.status_code == 401
    assert await turn_count(server, mine) == 0


async def test_an_unknown_conversation_is_404_even_with_its_token(server: Server) -> None:
    await open_conversation(server.client)  # builds the service
    service = server.app.state.conversations
    token = service.tokens.token("never-opened")
    response = await server.client.post(
        "/v1/conversations/never-opened/messages",
        json={"text": "hello"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    assert await server.engine.state("never-opened") == {}


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        ('{"text": "hello"', "application/json", 422),  # broken JSON
        ('["hello"]', "application/json", 422),  # not an object
        ('{"text": ""}', "application/json", 422),
        ('{"text": 12}', "application/json", 422),
        ('{"text": "' + "a" * 2001 + '"}', "application/json", 422),
        ('{"text": "hello", "admin": true}', "application/json", 422),
        ("text=hello", "application/x-www-form-urlencoded", 415),
        ('{"text": "hello"}', "text/plain", 415),
        ('{"text": "hello"}', None, 415),
    ],
)
async def test_bad_messages_are_problems_and_run_nothing(
    server: Server, content: str, content_type: str | None, status: int
) -> None:
    cid, headers, _ = await open_conversation(server.client)
    if content_type:
        headers["Content-Type"] = content_type
    response = await server.client.post(
        f"/v1/conversations/{cid}/messages", content=content.encode(), headers=headers
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert {"type", "title", "status", "detail"} <= response.json().keys()
    assert await turn_count(server, cid) == 0


@pytest.mark.parametrize(
    "body",
    [{"language": "de"}, {"channel": "fax"}, {"language": 3}, [], {"language": "en", "x": 1}],
)
async def test_bad_openings_are_problems(client: httpx.AsyncClient, body: object) -> None:
    response = await client.post("/v1/conversations", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)


async def test_an_opening_needs_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/conversations", content=b"language=fr")
    assert response.status_code == 415


async def test_an_empty_opening_uses_the_practice_language(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/conversations", json={})
    assert response.status_code == 201
    assert response.json()["state"]["language"] == "fr"


async def test_a_malformed_conversation_id_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/conversations/bad%20id", headers={"Authorization": "Bearer x"})
    assert response.status_code in (401, 404, 422)
    assert response.headers["content-type"].startswith(PROBLEM)
