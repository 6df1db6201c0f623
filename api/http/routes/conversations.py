"""``/v1/conversations``: patients talk to the practice's agent (the web chat uses it).

Every call after the first carries ``Authorization: Bearer <token>``; a missing or foreign
token gets 401 and nothing runs. The WebSocket takes the token as ``?token=`` (browsers cannot
set headers on one) and carries live updates: staff messages, typing, status and events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketState

from api.http.conversations import shaping
from api.http.conversations.guards import BearerDep, require_json
from api.http.conversations.models import (
    ConversationCreated,
    ConversationView,
    CreateConversation,
    PostMessage,
    TurnReply,
)
from api.http.deps import ConversationsDep
from api.http.problems import Problem, problem_responses
from graphs.bus import ConversationUpdate

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/conversations", tags=["conversations"])

ConversationId = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="retrying with the same key returns the first answer; the turn runs once",
    ),
]


async def authorized(
    conversation_id: ConversationId, credentials: BearerDep, service: ConversationsDep
) -> str:
    """The conversation id, once its token is checked and it exists."""
    token = credentials.credentials if credentials else None
    if not service.tokens.valid(conversation_id, token):
        raise Problem(
            401,
            "Unauthorized",
            "This conversation needs its bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if await service.exists(conversation_id) is None:
        raise Problem(404, "Not found", "There is no such conversation.")
    return conversation_id


Authorized = Annotated[str, Depends(authorized)]


@router.post(
    "",
    status_code=201,
    response_model=ConversationCreated,
    dependencies=[Depends(require_json)],
    responses=problem_responses(400, 413, 415, 422, 429),
)
async def create_conversation(
    body: CreateConversation, service: ConversationsDep
) -> ConversationCreated:
    """Open a conversation: the greeting, and the token for every later call."""
    return await service.create(body)


@router.post(
    "/{conversation_id}/messages",
    response_model=TurnReply,
    dependencies=[Depends(require_json)],
    responses=problem_responses(400, 401, 404, 413, 415, 422, 429),
)
async def post_message(
    conversation_id: Authorized,
    body: PostMessage,
    service: ConversationsDep,
    idempotency_key: IdempotencyKey = None,
) -> TurnReply:
    """One patient message: the agent's reply (with buttons), the turn's events and state.

    A second message while a turn runs on the same conversation waits for it.
    """
    return await service.post(conversation_id, body.text, idempotency_key)


@router.get(
    "/{conversation_id}",
    response_model=ConversationView,
    responses=problem_responses(401, 404, 422),
)
async def get_conversation(
    conversation_id: Authorized, service: ConversationsDep
) -> ConversationView:
    """The transcript and state (for the holder of the token, e.g. after a reload)."""
    return await service.view(conversation_id)


@router.websocket("/{conversation_id}/ws")
async def conversation_updates(
    websocket: WebSocket, conversation_id: str, service: ConversationsDep
) -> None:
    """Live updates as JSON: ``{"type": "message"|"typing"|"status"|"event", ...}``.

    The client may send ``{"type": "typing", "typing": true}`` so staff see the patient type.
    """
    token = websocket.query_params.get("token")
    if not service.tokens.valid(conversation_id, token) or not await service.exists(
        conversation_id
    ):
        await websocket.close(code=1008)  # policy violation: before accept, an HTTP 403
        return
    await websocket.accept()
    engine = service.engine
    async with engine.live.bus.subscribe(conversation_id) as updates:
        sender = asyncio.create_task(_forward(websocket, updates, service))
        try:
            while True:
                incoming = await websocket.receive_json()
                if isinstance(incoming, dict) and incoming.get("type") == "typing":
                    await engine.live.typing(
                        conversation_id, "patient", bool(incoming.get("typing"))
                    )
        except (WebSocketDisconnect, ValueError, RuntimeError):
            pass
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
            if websocket.client_state == WebSocketState.CONNECTED:
                with contextlib.suppress(Exception):
                    await websocket.close()


async def _forward(websocket: WebSocket, updates: Any, service: Any) -> None:
    """Send each bus update to the patient, shaped like the HTTP messages."""
    clinic = service.engine.clinic
    update: ConversationUpdate
    async for update in updates:
        await websocket.send_json(_shape(update, clinic))


def _shape(update: ConversationUpdate, clinic: Any) -> dict[str, Any]:
    payload = update.payload
    if update.kind == "message":
        language = payload.get("language") or clinic.default_language
        message = shaping.live(payload, language, clinic)
        return {"type": "message", "message": message.model_dump(mode="json")}
    if update.kind == "status":
        summary = {k: payload.get(k) for k in ("status", "urgency", "language")}
        return {"type": "status", **summary}
    if update.kind == "typing":
        return {"type": "typing", "role": payload.get("role"), "typing": payload.get("typing")}
    return {"type": "event", "event": payload}
