"""The waitlist tool: only for the identified patient, a real practitioner, once per key."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.tools import SchedulingTools, ToolError, ToolScope
from agent.tools.models import JoinWaitlistArgs, WaitlistInfo
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from tests.graphs.conftest import backend, seeded_file, store_file  # noqa: F401

TZ = ZoneInfo("Europe/Paris")


def _args(**kwargs: object) -> JoinWaitlistArgs:
    return JoinWaitlistArgs(idempotency_key="frontdesk:conv-w:write-1", **kwargs)  # type: ignore[arg-type]


async def test_one_entry_per_key_with_the_practitioner_and_window(
    backend: EmbeddedBackend,  # noqa: F811
    clock: FixedClock,
) -> None:
    tools = SchedulingTools(backend, clock=clock, tz="Europe/Paris")
    scope = ToolScope(conversation_id="conv-w", patient_id="pat-0005")
    start, end = datetime(2026, 11, 30, tzinfo=TZ), datetime(2026, 12, 7, tzinfo=TZ)
    args = _args(practitioner_id="pract-martin", start=start, end=end)
    first = await tools.join_waitlist(args, scope)
    again = await tools.join_waitlist(args, scope)  # a replayed turn
    assert isinstance(first, WaitlistInfo) and isinstance(again, WaitlistInfo)
    assert first.entry_id == again.entry_id
    views = await backend.list_appointments(patient_id="pat-0005", statuses=["waitlist"])
    [entry] = [v.appointment for v in views]
    refs = {p.actor.reference for p in entry.participant or [] if p.actor}
    assert refs == {"Patient/pat-0005", "Practitioner/pract-martin"}
    [period] = entry.requestedPeriod or []
    assert (period.start, period.end) == (start, end)


async def test_refused_without_a_patient_or_with_an_unknown_practitioner(
    backend: EmbeddedBackend,  # noqa: F811
    clock: FixedClock,
) -> None:
    tools = SchedulingTools(backend, clock=clock, tz="Europe/Paris")
    anonymous = await tools.join_waitlist(_args(), ToolScope(conversation_id="conv-w"))
    assert isinstance(anonymous, ToolError)
    scope = ToolScope(conversation_id="conv-w", patient_id="pat-0005")
    unknown = await tools.join_waitlist(_args(practitioner_id="pract-nobody"), scope)
    assert isinstance(unknown, ToolError) and unknown.code == "not_found"
    assert await backend.list_appointments(patient_id="pat-0005", statuses=["waitlist"]) == []
