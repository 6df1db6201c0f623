"""The one async turn API every channel calls: terminal, web, voice and evals.

Each patient turn is one graph run on ``thread_id = conversation_id``, checkpointed at the
end of the run, so a conversation survives a restart and a retried turn never writes twice
(the write's idempotency key was fixed at read-back and checkpointed with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Any, Literal, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agent.clinic import ClinicConfig, load_clinic
from agent.clinic.vocabulary import SERVICE_TYPE_CODES
from agent.replies import message
from agent.settings import Settings
from agent.tools import SchedulingTools
from agent.understanding import Brain
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock, FixedClock, SystemClock
from fhir_adapters.codings import register_local
from fhir_adapters.errors import SchedulingError
from graphs.bus import ConversationBus, InProcessBus
from graphs.catalog import read_catalog
from graphs.checkpoint import one_read_per_turn
from graphs.context import CallContext, Catalog
from graphs.directory import ConversationDirectory, ConversationSummary
from graphs.events import URGENCY_QUESTION, BrainTurn, Heard, OfferedSlot, TurnEvent, TurnResult
from graphs.graph import compile_graph
from graphs.live import Live
from graphs.locks import ConversationLocks, LocalLocks, LockUnavailableError
from graphs.takeover import (
    ConversationStateError,
    StaffActions,
    UnknownConversationError,
    waiting_for_staff,
)
from graphs.transcript import TranscriptEntry, entries

__all__ = [
    "ConversationStateError",
    "Engine",
    "TurnListener",
    "UnknownConversationError",
    "build_engine",
    "seed_if_empty",
]

log = logging.getLogger(__name__)


TurnListener = Callable[[TurnResult], Awaitable[None]]
"""Called after every turn (greeting, patient turn, staff resume) with its result."""


class Engine(StaffActions):
    """Runs conversations: greeting, patient turns, and staff handing a call back.

    Args:
        backend: the practice's scheduling backend.
        clinic: the practice's configuration.
        brain: reads patient turns (rules or LLM).
        clock: the injected clock.
        checkpointer: where conversations are saved (in memory when None).
        id_factory: makes conversation ids for ``new_conversation_id``.
        bus: where live updates go (an in-process bus when None).
        directory: the conversation directory kept current after every turn (none when None).
        locks: one turn at a time per conversation (this process only when None; file or
            Postgres locks when several processes serve the same conversations).
    """

    def __init__(
        self,
        *,
        backend: SchedulingBackend,
        clinic: ClinicConfig,
        brain: Brain,
        clock: Clock,
        checkpointer: BaseCheckpointSaver | None = None,
        id_factory: Callable[[], str] | None = None,
        bus: ConversationBus | None = None,
        directory: ConversationDirectory | None = None,
        locks: ConversationLocks | None = None,
    ) -> None:
        self.backend = backend
        self.clinic = clinic
        # The practice's own codes mean our concepts from the first turn on (catalog, search).
        register_local(clinic.local_code_map())
        self.brain = brain
        self.clock = clock
        self._graph = compile_graph(checkpointer if checkpointer is not None else InMemorySaver())
        self._context = CallContext(
            backend=backend,
            tools=SchedulingTools(backend, clock=clock, tz=clinic.time_zone),
            clinic=clinic,
            brain=brain,
            clock=clock,
        )
        self._id_factory = id_factory or (lambda: uuid.uuid4().hex)
        self._catalog_ready = False
        self.locks: ConversationLocks = locks or LocalLocks()
        """Held around every start, turn and staff action (across processes when shared)."""
        self.resources = AsyncExitStack()
        """What ``aclose`` releases (``build_engine`` registers the store and checkpointer)."""
        self.live = Live(self._graph, clock, bus or InProcessBus(), directory)
        """Publishes every change on ``live.bus`` and keeps ``live.directory`` current."""
        self.listeners: list[TurnListener] = []
        """Told of every turn's result (live updates, outbound messages, metrics); a failing
        listener is logged and never changes the turn's answer."""

    # ---- public API ----------------------------------------------------------------------

    def new_conversation_id(self) -> str:
        """A fresh conversation id from the injected id factory."""
        return self._id_factory()

    async def start(
        self,
        conversation_id: str,
        *,
        caller_phone: str | None = None,
        language: Literal["fr", "en"] | None = None,
        channel: str = "text",
        keypad: bool = False,
    ) -> TurnResult:
        """Open a conversation and return the greeting (``keypad``: a phone call, whose
        caller can type digits)."""
        payload = {
            "kind": "start",
            "conversation_id": conversation_id,
            "caller_phone": caller_phone,
            "language": language,
            "channel": channel,
            "keypad": keypad,
        }
        try:
            async with self._lock(conversation_id):
                return await self._run(conversation_id, payload, language=language)
        except LockUnavailableError:
            log.warning("conversation lock unavailable; the greeting was not given")
            return self._trouble_reply(conversation_id, language, "lock")

    async def turn(
        self, conversation_id: str, text: str, *, heard: Heard | None = None
    ) -> TurnResult:
        """One patient turn: the reply and what happened (events).

        ``heard``: on a call, how speech recognition heard ``text`` (its other hearings, and
        whether it was unsure); only the urgency guardrail reads it.
        """
        try:
            async with self._lock(conversation_id):
                with one_read_per_turn():  # the look below and the run share one read
                    return await self._turn(conversation_id, str(text or ""), heard)
        except LockUnavailableError:
            # Nothing ran: the caller is told and may say it again once the database is back.
            log.warning("conversation lock unavailable; the turn was not taken")
            return self._trouble_reply(conversation_id, None, "lock")

    async def _turn(self, conversation_id: str, text: str, heard: Heard | None) -> TurnResult:
        try:
            snapshot = await self._graph.aget_state(self._config(conversation_id))
            if not snapshot.values:
                opening = {"kind": "start", "conversation_id": conversation_id}
                await self._run(conversation_id, opening)
                snapshot = await self._graph.aget_state(self._config(conversation_id))
        except Exception as exc:  # e.g. the checkpoint database dropped the connection
            log.exception("reading the call failed (%s)", type(exc).__name__)
            return self._trouble_reply(conversation_id, None, "read")
        values = dict(snapshot.values)
        if values.get("staff") or waiting_for_staff(snapshot):
            return await self._held(conversation_id, values, text, heard)
        before = len(values.get("transcript") or [])
        await self.live.typing(conversation_id)
        payload = {"kind": "turn", "text": text, "heard": heard.model_dump() if heard else None}
        return await self._run(
            conversation_id, payload, before=before, language=values.get("language")
        )

    async def staff_resume(self, conversation_id: str, note: str | None = None) -> TurnResult:
        """Staff hand the call back after a handoff; the agent carries on.

        Raises:
            ConversationStateError: the conversation is not waiting for staff.
        """
        async with self._lock(conversation_id):
            snapshot = await self._graph.aget_state(self._config(conversation_id))
            if not waiting_for_staff(snapshot):
                raise ConversationStateError(
                    f"conversation {conversation_id!r} is not waiting for staff"
                )
            before = len(snapshot.values.get("transcript") or [])
            return await self._run(conversation_id, Command(resume={"note": note}), before=before)

    async def transcript(self, conversation_id: str) -> list[TranscriptEntry]:
        """Who said what and when (empty for an unknown conversation)."""
        return entries(await self.state(conversation_id))

    async def summary(self, conversation_id: str) -> ConversationSummary | None:
        """The conversation's directory summary (None for an unknown conversation)."""
        found = await self.live.summary(conversation_id)
        if found is not None:
            return found
        values = await self.state(conversation_id)
        return await self.live.refresh(conversation_id, values) if values else None

    def use_catalog(self, catalog: Catalog) -> None:
        """Use a catalog already read from this practice (another engine on the same EHR
        read it), instead of reading it again before the first turn."""
        self._context.catalog = catalog
        self._catalog_ready = True

    async def state(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's saved state (for channels, evals and tests)."""
        snapshot = await self._graph.aget_state(self._config(conversation_id))
        return dict(snapshot.values)

    async def aclose(self) -> None:
        """Release what ``build_engine`` opened (store, checkpointer)."""
        await self.resources.aclose()

    async def __aenter__(self) -> Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ---- internals -----------------------------------------------------------------------

    def _lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        # Turns of one conversation run one at a time; different conversations in parallel.
        return self.locks.hold(conversation_id)

    @staticmethod
    def _config(conversation_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": conversation_id}}

    async def _ensure_catalog(self) -> None:
        if self._catalog_ready:
            return
        try:
            self._context.catalog = await read_catalog(self.backend)
        except SchedulingError as exc:
            log.warning("practice directory unavailable (%s); retrying next turn", exc.detail)
            self._context.catalog = Catalog(services=list(SERVICE_TYPE_CODES))
            return
        self._catalog_ready = True

    async def _run(
        self,
        conversation_id: str,
        payload: Any,
        *,
        before: int = 0,
        language: Literal["fr", "en"] | None = None,
    ) -> TurnResult:
        """One graph run; ``language``, when known, is the call's (for a failure reply)."""
        started = time.perf_counter()
        try:
            await self._ensure_catalog()
            values: dict[str, Any] = await self._graph.ainvoke(  # type: ignore[call-overload]
                payload,
                self._config(conversation_id),
                context=self._context,
                durability="exit",
            )
        except Exception as exc:
            # Nothing of this run was checkpointed: the caller may simply say it again, and a
            # write that did happen is replayed by its idempotency key, never duplicated.
            log.exception("turn failed (%s); the call stays where it was", type(exc).__name__)
            if language is not None:  # no need to read the store that may be what failed
                return self._trouble_reply(conversation_id, language, "run")
            return await self._trouble(conversation_id)
        result = self._result(conversation_id, values)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        if values.get("transcript") and values["transcript"][-1][0] == "agent":
            result.seq = len(values["transcript"]) - 1
        await self.live.after_run(conversation_id, values, result, before)
        await self._notify(result)
        return result

    async def _notify(self, result: TurnResult) -> None:
        for listener in list(self.listeners):
            try:
                await listener(result)
            except Exception as exc:  # a listener must never break the patient's turn
                log.warning("turn listener failed (%s)", type(exc).__name__)

    def _result(self, conversation_id: str, values: dict[str, Any]) -> TurnResult:
        handed_off = bool(values.get("handoff"))
        ended = bool(values.get("ended"))
        return TurnResult(
            conversation_id=conversation_id,
            reply=values.get("reply") or "",
            events=[TurnEvent.model_validate(e) for e in values.get("events", [])],
            ended=ended,
            handed_off=handed_off,
            language=values.get("language", self.clinic.default_language),
            channel=values.get("channel"),
            expecting=_expecting(values, handed_off, ended),
            options=[
                OfferedSlot(
                    index=o["index"],
                    slot_id=o["slot_id"],
                    start=o["start"],
                    practitioner_id=o.get("practitioner_id"),
                    practitioner=o.get("practitioner"),
                )
                for o in values.get("options", [])
            ],
            brain=BrainTurn.model_validate(values["brain_turn"])
            if values.get("brain_turn")
            else None,
        )

    async def _trouble(self, conversation_id: str) -> TurnResult:
        """The reply to a run that failed: in the call's language when it can still be read."""
        try:
            saved = await self.state(conversation_id)
        except Exception:  # the checkpointer itself may be what failed
            saved = {}
        return self._trouble_reply(conversation_id, saved.get("language"), "run")

    def _trouble_reply(
        self,
        conversation_id: str,
        language: Literal["fr", "en"] | None,
        stage: Literal["lock", "read", "run"],
    ) -> TurnResult:
        """'A technical problem, please say it again' in ``language`` (the practice's when
        unknown), marked ``not_taken`` at ``stage``."""
        language = language or self.clinic.default_language
        return TurnResult(
            conversation_id=conversation_id,
            reply=message("technical_problem", language, self.clinic.time_zone),
            language=language,
            not_taken=stage,
        )


def _expecting(values: dict[str, Any], handed_off: bool, ended: bool) -> str | None:
    """The answer the reply waits for: its phase; once handed off, only the urgency question
    (a call then waits for that answer before it is transferred)."""
    if ended:
        return None
    if handed_off:
        return URGENCY_QUESTION if values.get("urgency_question") else None
    phase = values.get("phase")
    return str(phase) if phase is not None else None


async def build_engine(
    settings: Settings,
    *,
    clock: Clock | None = None,
    backend: SchedulingBackend | None = None,
    brain: Brain | None = None,
    wrap_backend: Callable[[SchedulingBackend], SchedulingBackend] | None = None,
) -> Engine:
    """Wire the defaults: clinic file, store (the demo clinic seeded into an empty embedded
    store), brain, checkpointer and conversation directory from ``settings``. Close with
    ``await engine.aclose()``. ``wrap_backend`` decorates the backend the engine uses (e.g.
    metrics around EHR calls).
    """
    from agent.backends import build_backend
    from agent.brains import build_brain
    from agent.crypto import keyring
    from agent.keys import secret_key
    from graphs.buses import open_bus
    from graphs.buses.relay import RelayBus
    from graphs.checkpoint import open_checkpointer
    from graphs.directory import open_directory
    from graphs.locks import FileLocks, open_locks

    clinic = load_clinic(settings.clinic_file)
    brain = brain or build_brain(settings)  # before opening anything: it may refuse
    if clock is None:
        now = settings.now
        if now is not None and now.tzinfo is None:
            now = now.replace(tzinfo=clinic.zone)
        clock = FixedClock(now) if now is not None else SystemClock()
    stack = AsyncExitStack()
    try:
        locks = open_locks(
            settings.conversation_locks,
            folder=settings.locks_dir,
            postgres_url=settings.checkpoint_url,
            wait_s=settings.postgres_wait_s,
        )
        stack.push_async_callback(locks.aclose)
        bus = open_bus(settings)
        if isinstance(bus, RelayBus):
            stack.push_async_callback(bus.aclose)
        if backend is None:
            backend = build_backend(settings, clock=clock, tz=clinic.time_zone)
            stack.push_async_callback(backend.close)
            if not settings.fhir_base_url:
                # Several workers start together on one empty store: one seeds, the rest wait.
                async with FileLocks(settings.locks_dir).hold("seed-demo-clinic"):
                    await seed_if_empty(backend, clinic, clock=clock, settings=settings)
            backend = await _with_outbox(backend, settings, clock, stack)
        checkpointer = await stack.enter_async_context(open_checkpointer(settings))
        directory = await stack.enter_async_context(
            open_directory(
                settings.directory_path,
                keyring=keyring(settings) if settings.encrypt_at_rest else None,
                index_key=secret_key(settings, "directory-index"),
            )
        )
    except BaseException:
        await stack.aclose()
        raise
    if wrap_backend is not None:
        backend = wrap_backend(backend)
    engine = Engine(
        backend=backend,
        clinic=clinic,
        brain=brain,
        clock=clock,
        checkpointer=checkpointer,
        directory=directory,
        bus=bus,
        locks=locks,
    )
    engine.resources = stack
    return engine


async def _with_outbox(
    backend: SchedulingBackend, settings: Settings, clock: Clock, stack: AsyncExitStack
) -> SchedulingBackend:
    """Staff records go through the durable outbox (sealed like checkpoints), drained in the
    background for as long as the engine lives."""
    from agent.crypto import keyring
    from fhir_adapters.outbox import Outbox, OutboxBackend

    ring = keyring(settings) if settings.encrypt_at_rest else None
    outbox = Outbox(
        settings.record_outbox_path,
        seal=ring.seal_text if ring else None,
        unseal=ring.open_text if ring else None,
    )
    stack.callback(outbox.close)
    wrapped = OutboxBackend(backend, outbox, clock=clock)
    drainer = asyncio.create_task(wrapped.drain_forever(interval_s=settings.outbox_retry_s))

    async def stop() -> None:
        drainer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await drainer

    stack.push_async_callback(stop)
    return cast(SchedulingBackend, wrapped)


async def seed_if_empty(
    backend: SchedulingBackend, clinic: ClinicConfig, *, clock: Clock, settings: Settings
) -> bool:
    """Seed the demo clinic into an embedded store that holds no practice yet.

    Returns:
        True when the store was seeded now.
    """
    from fhir_adapters.demo import is_seeded, seed_demo_clinic

    if await is_seeded(backend) or await backend.find_practitioners(None, limit=1):
        return False
    await seed_demo_clinic(
        backend,
        seed=settings.seed if "seed" in settings.model_fields_set else clinic.demo.seed,
        tz=clinic.time_zone,
        start=clock.now().astimezone(clinic.zone).date(),
        weeks=settings.demo_weeks
        if "demo_weeks" in settings.model_fields_set
        else clinic.demo.weeks,
        existing_appointments=clinic.demo.existing_appointments,
    )
    return True
