"""The staff console's JSON API: the live queue (and its event stream), transcripts, actions.

Every route needs a staff session (401 otherwise) and, for writes, the session's CSRF token in
``X-CSRF-Token`` (403 otherwise). Every action and every transcript read is audited.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import Response, StreamingResponse

from api.http.deps import CurrentStaff, EngineDep
from api.http.problems import Problem, problem_responses
from api.http.staff.events import conversation_stream, queue_stream
from api.http.staff.queue import QueueItem, queue
from api.http.staff.trail import record
from graphs.directory import ConversationSummary
from graphs.engine import ConversationStateError, Engine, UnknownConversationError
from graphs.transcript import TranscriptEntry

# Documented on every route: an unreadable body (400), no session (401), no CSRF token on a
# write (403), an unknown conversation or task (404), a state that forbids the action (409), a
# body too big (413) or invalid (422).
router = APIRouter(
    prefix="/staff/api",
    tags=["staff console"],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422),
)
_STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class Note(BaseModel):
    """An optional note kept with the action (e.g. how it was resolved)."""

    note: str | None = Field(None, max_length=2000)


class StaffText(BaseModel):
    """What staff write to the patient."""

    text: str = Field(..., min_length=1, max_length=2000)


class ConversationView(BaseModel):
    """A conversation as the console opens it."""

    summary: ConversationSummary
    transcript: list[TranscriptEntry]


@router.get("/queue", response_model=list[QueueItem])
async def get_queue(session: CurrentStaff, engine: EngineDep) -> list[QueueItem]:
    """Open handoffs and staff Tasks, most urgent and longest waiting first."""
    return await queue(engine.live.directory, engine.backend)


@router.get("/queue/events", response_class=StreamingResponse)
async def queue_events(request: Request, session: CurrentStaff, engine: EngineDep) -> Response:
    """Server-sent events: ``status`` (a conversation's new summary) whenever one changes."""
    return StreamingResponse(
        queue_stream(request, engine.live.bus),
        media_type="text/event-stream",
        headers=_STREAM_HEADERS,
    )


async def _summary(engine: Engine, conversation_id: str) -> ConversationSummary:
    found = await engine.summary(conversation_id)
    if found is None:
        raise Problem(404, "Not found", "No such conversation.")
    return found


@router.get("/conversations/{conversation_id}", response_model=ConversationView)
async def get_conversation(
    request: Request, conversation_id: str, session: CurrentStaff, engine: EngineDep
) -> ConversationView:
    """The conversation's summary and full transcript (an audited read)."""
    summary = await _act(request, session, engine, conversation_id, "view-transcript", "R")
    return ConversationView(summary=summary, transcript=await engine.transcript(conversation_id))


@router.get("/conversations/{conversation_id}/events", response_class=StreamingResponse)
async def conversation_events(
    request: Request, conversation_id: str, session: CurrentStaff, engine: EngineDep
) -> Response:
    """Server-sent events of one conversation: ``message`` (new transcript lines), ``status``."""
    await _act(request, session, engine, conversation_id, "watch-conversation", "R")
    return StreamingResponse(
        conversation_stream(request, engine.live.bus, conversation_id),
        media_type="text/event-stream",
        headers=_STREAM_HEADERS,
    )


async def _act(
    request: Request,
    session: CurrentStaff,
    engine: Engine,
    conversation_id: str,
    purpose: str,
    action: Literal["R", "U"] = "U",
) -> ConversationSummary:
    """Audit a read or an action on an existing conversation (before it runs: an attempt
    counts), with the conversation's patient."""
    summary = await _summary(engine, conversation_id)
    await record(
        request, session.account, purpose, action=action,
        patient_id=summary.patient_id, conversation_id=conversation_id,
    )  # fmt: skip
    return summary


def _refused(exc: Exception) -> Problem:
    if isinstance(exc, UnknownConversationError):
        return Problem(404, "Not found", "No such conversation.")
    return Problem(409, "Conflict", str(exc) or "The conversation cannot do that now.")


@router.post("/conversations/{conversation_id}/take-over", response_model=ConversationSummary)
async def take_over(
    request: Request, conversation_id: str, session: CurrentStaff, engine: EngineDep
) -> ConversationSummary | None:
    """Take the conversation: the agent stays silent until it is handed back."""
    summary = await _act(request, session, engine, conversation_id, "take-over")
    try:
        return await engine.take_over(conversation_id, session.account.email) or summary
    except ConversationStateError as exc:
        raise _refused(exc) from None


@router.post("/conversations/{conversation_id}/messages", response_model=TranscriptEntry)
async def write_to_patient(
    request: Request,
    conversation_id: str,
    body: StaffText,
    session: CurrentStaff,
    engine: EngineDep,
) -> TranscriptEntry:
    """Write to the patient in the same conversation (taking it over if not yet)."""
    await _act(request, session, engine, conversation_id, "staff-message")
    try:
        return await engine.staff_message(conversation_id, body.text, session.account.email)
    except ConversationStateError as exc:
        raise _refused(exc) from None
    except ValueError as exc:
        raise Problem(422, "Invalid request", "A message needs text.") from exc


@router.post("/conversations/{conversation_id}/hand-back", response_model=ConversationSummary)
async def hand_back(
    request: Request, conversation_id: str, body: Note, session: CurrentStaff, engine: EngineDep
) -> ConversationSummary:
    """Give the conversation back to the agent, which tells the patient so."""
    await _act(request, session, engine, conversation_id, "hand-back")
    try:
        await engine.hand_back(conversation_id, body.note)
    except ConversationStateError as exc:
        raise _refused(exc) from None
    return await _summary(engine, conversation_id)


@router.post("/conversations/{conversation_id}/resolve", response_model=ConversationSummary)
async def resolve(
    request: Request, conversation_id: str, body: Note, session: CurrentStaff, engine: EngineDep
) -> ConversationSummary:
    """Close the case with a note; it leaves the queue."""
    await _act(request, session, engine, conversation_id, "resolve")
    try:
        done = await engine.resolve(conversation_id, body.note, session.account.email)
    except ConversationStateError as exc:
        raise _refused(exc) from None
    return done or await _summary(engine, conversation_id)


@router.post("/conversations/{conversation_id}/call-back-later", response_model=QueueItem)
async def call_back_later(
    request: Request, conversation_id: str, body: Note, session: CurrentStaff, engine: EngineDep
) -> QueueItem:
    """Turn the conversation into a callback Task in the EHR and close it here."""
    summary = await _act(request, session, engine, conversation_id, "call-back-later")
    from api.http.staff.callbacks import callback_task

    task = await callback_task(engine, summary, body.note, session.account)
    try:
        await engine.resolve(conversation_id, body.note or "call back later", session.account.email)
    except ConversationStateError as exc:
        raise _refused(exc) from None
    return task


@router.post("/tasks/{task_id}/resolve", response_model=dict[str, Any])
async def resolve_task(
    request: Request, task_id: str, body: Note, session: CurrentStaff, engine: EngineDep
) -> dict[str, Any]:
    """Mark a staff Task of the EHR completed, with the note."""
    from api.http.staff.callbacks import complete_task

    return await complete_task(request, engine, task_id, body.note, session.account)
