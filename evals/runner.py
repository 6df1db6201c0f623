"""Replay many scenarios in parallel worker processes, each on a fresh copy of the clinic.

The parent seeds one template store per fixture, then forks workers; each worker builds the
brain once and replays scenarios one by one, each against its own copy of the template (or
against a FHIR server: one at a time when they share it, or each on a freshly wiped and
seeded server, one server per worker, with ``fhir_isolate``; see ``evals.rest_server``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from agent.settings import Settings
from evals.fixtures import Templates, clinic_config, fixture_key, scratch_dir
from evals.patients import build_patient
from evals.replay import TURN_TIMEOUT_S, EngineFactory, replay, seeded_ids
from evals.results import RunResult
from evals.scenario import Scenario
from evals.state import Snapshot, snapshot
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    """How to replay a suite."""

    settings: Settings = field(default_factory=Settings)
    runs: int = 1
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    fhir_url: str | None = None
    fhir_urls: list[str] = field(default_factory=list)
    """More FHIR servers, one per worker (with ``fhir_reset``: replayed in parallel)."""
    fhir_isolate: bool = False
    """Undo each scenario's writes on the server afterwards (``evals.rollback``), so
    scenarios never see each other's records and several servers replay in parallel."""
    fixture: str | None = None
    """Replay every scenario on this practice ("demo" or "standard") instead of its own."""
    engine_factory: EngineFactory | None = None
    """Builds the engine; ``graphs.engine.Engine`` with the settings' brain by default."""


# ---- worker side -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def default_engine_factory(settings: Settings) -> EngineFactory:
    """An engine factory over ``graphs.engine.Engine`` with the brain the settings name.

    Engines of one process share one in-memory checkpointer, hence one compiled graph
    (compiling costs more than a whole replay). Conversation ids are unique per replay, so
    the shared checkpointer never mixes two calls.
    """
    from langgraph.checkpoint.memory import InMemorySaver

    from agent.brains import build_brain
    from graphs.engine import Engine

    brain = build_brain(settings)
    saver = InMemorySaver()

    def make(backend: SchedulingBackend, clinic: Any, clock: FixedClock, ids: Any) -> Any:
        return Engine(
            backend=backend,
            clinic=clinic,
            brain=brain,
            clock=clock,
            checkpointer=saver,
            id_factory=ids,
        )

    return make


def _llm(settings: Settings) -> Any:
    """A chat model for LLM-driven patients, when one is configured (None otherwise).

    A local server needs no key: the brain's placeholder is sent, as the brain does. A model
    that cannot be built is logged in one line and the rule-based caller plays instead.
    """
    if not (settings.openai_api_key or settings.openai_base_url):
        return None
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    from agent.brains.openai import LOCAL_PLACEHOLDER_KEY

    try:
        return ChatOpenAI(
            model=settings.openai_model,
            api_key=settings.openai_api_key or SecretStr(LOCAL_PLACEHOLDER_KEY),
            base_url=settings.openai_base_url,
            timeout=settings.openai_timeout_s,
            max_retries=1,
            temperature=0,
        )
    except Exception as exc:  # never a BrokenProcessPool: the simulated caller falls back
        log.warning("no LLM patient (%s); rule-based callers play instead", type(exc).__name__)
        return None


def turn_limit(settings: Settings) -> float:
    """An eval turn's limit: the setting, else 30 s or three LLM turn budgets if longer."""
    if settings.eval_turn_timeout_s is not None:
        return settings.eval_turn_timeout_s
    if settings.brain_chain == ["rules"]:
        return TURN_TIMEOUT_S
    return max(TURN_TIMEOUT_S, 3 * settings.llm_turn_budget_text_s)


def servers(options: RunOptions) -> list[str]:
    """Every FHIR server the run may use (none: the embedded store)."""
    urls = [options.fhir_url] if options.fhir_url else []
    return urls + [u for u in options.fhir_urls if u not in urls]


def _init_worker(
    options: RunOptions, templates: Templates, factory: EngineFactory, urls: Any = None
) -> None:
    # Each worker takes its own server, so scenarios on different servers never meet.
    _WORKER["fhir_url"] = urls.get() if urls is not None else next(iter(servers(options)), None)
    _WORKER["options"] = options
    _WORKER["templates"] = templates
    _WORKER["factory"] = factory
    _WORKER["llm"] = _llm(options.settings)
    _WORKER["baselines"] = {}
    # One event loop per worker, as a server has one: the models' kept-alive connections and
    # a failed brain's background probe belong to it, and outlive one replay.
    _close_loop()
    _WORKER["loop"] = asyncio.Runner()


def _close_loop() -> None:
    loop: asyncio.Runner | None = _WORKER.pop("loop", None)
    if loop is not None:
        loop.close()


async def _backend_for(scenario: Scenario, run: int, clock: FixedClock, tz: str) -> Any:
    options: RunOptions = _WORKER["options"]
    ids = seeded_ids(f"{scenario.id}/store")
    url = _WORKER.get("fhir_url")
    if url:
        from agent.backends import build_backend
        from evals.rest_server import prepare

        settings = options.settings.model_copy(update={"fhir_base_url": url})
        backend = build_backend(settings, clock=clock, tz=tz)
        # With isolation the server holds the same practice before every scenario, so what
        # was checked once for a fixture and clock holds for the rest of the run.
        checked = (url, fixture_key(scenario), scenario.clock.isoformat())
        prepared: set[Any] = _WORKER.setdefault("prepared", set())
        try:
            if checked not in prepared or not options.fhir_isolate:
                await prepare(backend, scenario, tz=tz)
                prepared.add(checked)
        except BaseException:
            await backend.close()
            raise
        return backend, None
    from fhir_adapters.embedded import EmbeddedBackend

    templates: Templates = _WORKER["templates"]
    path = templates.copy_for(scenario, f"{scenario.id}-{run}-{os.getpid()}")
    backend = EmbeddedBackend(path, tz=tz, clock=clock, id_factory=ids, synchronous="OFF")
    return backend, path


async def _replay_one(scenario: Scenario, run: int) -> RunResult:
    clinic = clinic_config(scenario.clinic)
    clock = FixedClock(scenario.clock)
    backend, path = await _backend_for(scenario, run, clock, clinic.time_zone)
    url = _WORKER.get("fhir_url")
    if url and _WORKER["options"].fhir_isolate:
        from datetime import UTC, datetime

        from evals.rollback import roll_back

        # Wall time, on the server's clock's scale: what this call writes is undone after.
        began = datetime.now(UTC)
        await asyncio.sleep(0.01)
        try:
            return await _replay_on(scenario, run, clinic, clock, backend, path)
        finally:
            await asyncio.sleep(0.01)
            await roll_back(url, began)
    return await _replay_on(scenario, run, clinic, clock, backend, path)


async def _replay_on(
    scenario: Scenario,
    run: int,
    clinic: Any,
    clock: FixedClock,
    backend: SchedulingBackend,
    path: Any,
) -> RunResult:
    try:
        # Every copy of a template starts identical: read its state once per process.
        baselines: dict[Any, Snapshot] = _WORKER["baselines"]
        key = None if path is None else fixture_key(scenario)
        before = baselines.get(key) if key is not None else None
        if before is None:
            before = await snapshot(backend)
            if key is not None:
                baselines[key] = before
        engine = _WORKER["factory"](backend, clinic, clock, seeded_ids(f"{scenario.id}/engine"))
        if path is None and _WORKER["options"].fhir_isolate:
            await _share_catalog(engine, backend, scenario)
        patient = build_patient(scenario, tz=clinic.time_zone, llm=_WORKER["llm"])
        return await replay(
            scenario,
            backend=backend,
            engine=engine,
            patient=patient,
            clinic=clinic,
            run=run,
            before=before,
            turn_timeout_s=turn_limit(_WORKER["options"].settings),
        )
    finally:
        await backend.close()
        if path is not None:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink(missing_ok=True)


async def _share_catalog(engine: Any, backend: SchedulingBackend, scenario: Scenario) -> None:
    """Give ``engine`` the practice's catalog read once per server and fixture: an isolated
    server's directory never changes during a run, and re-reading a thousand practitioners
    page by page before every scenario is most of a short call's requests."""
    use = getattr(engine, "use_catalog", None)
    if use is None:
        return
    from graphs.catalog import read_catalog

    catalogs: dict[Any, Any] = _WORKER.setdefault("catalogs", {})
    key = (_WORKER.get("fhir_url"), fixture_key(scenario))
    if key not in catalogs:
        catalogs[key] = await read_catalog(backend)
    use(catalogs[key])


def _work(scenario_json: str, run: int) -> dict[str, Any]:
    scenario = Scenario.model_validate_json(scenario_json)
    try:
        result = _WORKER["loop"].run(_replay_one(scenario, run))
    except Exception as exc:  # the harness itself failed (store copy, engine construction)
        result = RunResult(
            scenario_id=scenario.id,
            category=scenario.category.value,
            language=scenario.language,
            run=run,
            passed=False,
            expected_urgency=scenario.expect.urgency,
            error=f"{type(exc).__name__}: {exc}",
        )
    return result.model_dump(mode="json")


# ---- parent side -------------------------------------------------------------------------


def _payload(scenario: Scenario) -> str:
    return scenario.model_dump_json(by_alias=True)


def run_scenarios(
    scenarios: Sequence[Scenario],
    options: RunOptions,
    *,
    on_result: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    """Replay every scenario ``options.runs`` times; results sorted by scenario id and run.

    Args:
        scenarios: what to replay.
        options: brain settings, runs, workers, backend.
        on_result: called in the parent as each replay finishes (progress bars).
    """
    if options.fixture:
        from evals.standard import on_fixture

        scenarios = [on_fixture(s, options.fixture) for s in scenarios]
    directory = scratch_dir()
    templates = Templates(directory)
    urls = servers(options)
    sources = {s.id: s.source for s in scenarios}
    jobs = [(s, run) for run in range(options.runs) for s in scenarios]
    results: list[RunResult] = []
    try:
        if not urls:
            templates.prepare(list(scenarios))
        # Built before forking, so workers inherit the imports and the brain's lexicons.
        factory = options.engine_factory or default_engine_factory(options.settings)
        # Scenarios sharing a server run one at a time; with wipes, one worker per server.
        parallel = len(urls) if urls and options.fhir_isolate else 1 if urls else options.workers
        workers = max(1, min(parallel, len(jobs)))
        if workers == 1:
            _init_worker(options, templates, factory)
            outputs = (_work(_payload(s), run) for s, run in jobs)
            for output in outputs:
                results.append(_collect(output, sources, on_result))
        else:
            context = multiprocessing.get_context("fork")
            queue = None
            if urls:
                queue = context.Queue()
                for url in urls[:workers]:
                    queue.put(url)
            with ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(options, templates, factory, queue),
            ) as pool:
                futures = [pool.submit(_work, _payload(s), run) for s, run in jobs]
                for future in as_completed(futures):
                    results.append(_collect(future.result(), sources, on_result))
    finally:
        _close_loop()  # the in-process worker's (pool workers' go with their process)
        shutil.rmtree(directory, ignore_errors=True)
    return sorted(results, key=lambda r: (r.scenario_id, r.run))


def _collect(
    output: dict[str, Any],
    sources: dict[str, str | None],
    on_result: Callable[[RunResult], None] | None,
) -> RunResult:
    result = RunResult.model_validate(output)
    result.source = sources.get(result.scenario_id)
    if on_result is not None:
        on_result(result)
    return result
