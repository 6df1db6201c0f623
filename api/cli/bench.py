"""``frontdesk bench ...``: benchmarks that print one JSON object on stdout.

This module only wires options to the benchmark functions in ``api.bench``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import typer

from api.bench.booking_race import run_booking_race
from api.bench.rest import run_booking_race_rest, run_search_bench_rest
from api.bench.search import run_search_bench

ScriptedCalls = Annotated[
    int, typer.Option(min=1, help="Scripted conversations to run (rotating scripts).")
]

app = typer.Typer(help="Benchmarks; each prints one JSON object on stdout.", no_args_is_help=True)


@app.command("search")
def search(
    slots: Annotated[int, typer.Option(min=1, help="Slots in the store (target: 1,000,000).")] = (
        1_000_000
    ),
    queries: Annotated[int, typer.Option(min=10, help="Searches to time.")] = 1000,
    store: Annotated[
        Path | None,
        typer.Option(help="Store file to build, or reuse when it already holds --slots slots."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic data and queries.")] = 42,
    fhir_url: Annotated[
        str | None, typer.Option(help="Benchmark this FHIR R4 server instead of the store.")
    ] = None,
) -> None:
    """Free-slot search latency (p50/p95/p99 ms) over a store of N slots."""
    if fhir_url is not None:
        report = run_search_bench_rest(fhir_url, slots, queries, seed)
    elif store is not None:
        report = run_search_bench(store, slots, queries, seed)
    else:
        with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
            report = run_search_bench(Path(tmp) / "search.sqlite", slots, queries, seed)
    typer.echo(json.dumps(report))


@app.command("booking-race")
def booking_race(
    slots: Annotated[int, typer.Option(min=1, help="Free slots fought over.")] = 1000,
    attempts: Annotated[int, typer.Option(min=1, help="Booking attempts in total.")] = 4000,
    threads: Annotated[int, typer.Option(min=1, help="Threads per process.")] = 2,
    processes: Annotated[
        int, typer.Option(min=0, help="Processes on the same store file (0: this one only).")
    ] = 2,
    tasks: Annotated[int, typer.Option(min=1, help="Concurrent conversations per thread.")] = 32,
    synchronous: Annotated[
        str, typer.Option(help="Store durability: FULL (default of the store) or NORMAL.")
    ] = "FULL",
    switch_interval_ms: Annotated[
        float, typer.Option(min=0.05, help="GIL switch interval of the racing processes.")
    ] = 0.5,
    fhir_url: Annotated[
        str | None,
        typer.Option(help="Race on this FHIR R4 server: threads x tasks concurrent bookings."),
    ] = None,
) -> None:
    """Concurrent bookings on S slots: appointments, double bookings, orphans, bookings/s."""
    if fhir_url is not None:
        concurrency = threads * tasks
        typer.echo(json.dumps(run_booking_race_rest(fhir_url, slots, attempts, concurrency)))
        return
    mode = synchronous.upper()
    if mode not in ("FULL", "NORMAL"):
        raise typer.BadParameter("use FULL or NORMAL", param_hint="--synchronous")
    durability: Literal["FULL", "NORMAL"] = "FULL" if mode == "FULL" else "NORMAL"
    report = run_booking_race(
        slots, attempts, threads, processes, tasks, durability, switch_interval_ms
    )
    typer.echo(json.dumps(report))


@app.command("practice-import")
def practice_import(
    fhir_url: Annotated[str, typer.Option(help="FHIR R4 server (Riverside is seeded if absent).")],
    practitioners: Annotated[int, typer.Option(min=1, help="Staff of the seeded EHR.")] = 1000,
) -> None:
    """Time `frontdesk practice import` on an EHR of N practitioners (target: 1,000 in 60 s)."""
    from api.bench.practice_import import run_practice_import_bench

    typer.echo(json.dumps(run_practice_import_bench(fhir_url, practitioners)))


@app.command("lookup")
def lookup(
    practitioners: Annotated[int, typer.Option(min=10, help="Practitioners in the store.")] = 1000,
    lookups: Annotated[int, typer.Option(min=20, help="Names looked up.")] = 100,
) -> None:
    """Practitioner lookup at hospital size (p50/p95 ms): backend fuzzy search, the rule
    brain's name spotting over the whole catalog, and reading the catalog."""
    from api.bench.lookup import run_lookup_bench

    typer.echo(json.dumps(run_lookup_bench(practitioners, lookups)))


@app.command("turns")
def turns(
    conversations: ScriptedCalls = 70,
    checkpointer: Annotated[
        str, typer.Option(help="sqlite (temporary file, as in production) or memory.")
    ] = "sqlite",
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON (always on; kept for scripts).")
    ] = True,
    brain: Annotated[
        str, typer.Option(help="rules, or openai: the LLM chain from FRONTDESK_OPENAI_*.")
    ] = "rules",
    size: Annotated[
        str, typer.Option(help="practice (the demo practice) or hospital (seed --size hospital).")
    ] = "practice",
    weeks: Annotated[
        int | None, typer.Option(min=1, max=52, help="Weeks of slots (2; a hospital 13).")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="Hospital store file to build, or reuse when it holds the hospital."),
    ] = None,
    fhir_url: Annotated[
        str | None,
        typer.Option(help="Run on this FHIR server (a dedicated one; seeded when empty)."),
    ] = None,
) -> None:
    """The engine's own time per turn (p50/p95/p99 ms), embedded store; LLM figures too."""
    from api.bench.turns import run_turns_bench

    if size not in ("practice", "hospital"):
        raise typer.BadParameter("use practice or hospital", param_hint="--size")
    if checkpointer not in ("sqlite", "memory"):
        raise typer.BadParameter("use sqlite or memory", param_hint="--checkpointer")
    if brain not in ("rules", "openai"):
        raise typer.BadParameter("use rules or openai", param_hint="--brain")
    report = run_turns_bench(
        conversations,
        checkpointer,
        weeks or (13 if size == "hospital" else 2),
        brain=brain,
        size=size,
        store=store,
        fhir_url=fhir_url,
    )
    typer.echo(json.dumps(report))


@app.command("overhead")
def overhead(
    conversations: ScriptedCalls = 35,
    profile: Annotated[
        bool, typer.Option(help="Add the top 40 functions of a cProfile run (cumulative).")
    ] = False,
) -> None:
    """CPU per turn split into nodes, LangGraph and the engine, against a bare LangGraph run
    of the same shape (own_share_vs_bare_step, target <= 2)."""
    from api.bench.overhead import run_overhead_bench

    typer.echo(json.dumps(run_overhead_bench(conversations, profile=profile)))


@app.command("checkpoints")
def checkpoints(
    conversations: Annotated[int, typer.Option(min=1, help="Conversations to play.")] = 1000,
) -> None:
    """Checkpoint database size per 1,000 conversations, before and after pruning."""
    from api.bench.checkpoints import run_checkpoint_bench

    typer.echo(json.dumps(run_checkpoint_bench(conversations)))


@app.command("urgency")
def urgency(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Corpus files (corpus.yaml format); default: corpus and held-out."),
    ] = None,
    passes: Annotated[int, typer.Option(min=1, help="Timed passes over each file.")] = 5,
) -> None:
    """Red-flag guardrail on labelled caller speech: recall, precision, over-triage, time."""
    from agent.urgency.corpus import CorpusError
    from api.bench.urgency import run_urgency_bench

    try:
        report = run_urgency_bench(list(files) if files else None, passes)
    except CorpusError as exc:
        raise typer.BadParameter(str(exc), param_hint="FILES") from exc
    typer.echo(json.dumps(report))


@app.command("outbound")
def outbound(
    appointments: Annotated[int, typer.Option(min=10, help="Booked appointments.")] = 10_000,
    workers: Annotated[int, typer.Option(min=1, max=8, help="Worker processes.")] = 2,
    concurrency: Annotated[int, typer.Option(min=1, max=256, help="Jobs per worker.")] = 32,
    trials: Annotated[int, typer.Option(min=1, help="Waitlist trials (freed slots).")] = 20,
) -> None:
    """Reminders scheduled and sent per second, duplicates, waitlist time to first offer."""
    from api.bench.outbound import run_outbound_bench

    typer.echo(json.dumps(run_outbound_bench(appointments, workers, concurrency, trials)))


@app.command("voice")
def voice(
    calls: Annotated[
        int, typer.Option(min=1, help="Most concurrent calls to try (1, 2, ... up to N).")
    ] = 3,
    models_dir: Annotated[
        Path | None, typer.Option(help="Offline speech models (default: settings).")
    ] = None,
) -> None:
    """End of speech -> first agent audio (p50/p95 s), STT/TTS time, CPU per call, and how
    many concurrent phone calls one process holds with p95 under 1.5 s (offline stack)."""
    from agent.settings import Settings
    from api.bench.voice import run_voice_bench

    folder = models_dir or Settings().resolved_voice_models_dir
    typer.echo(json.dumps(run_voice_bench(calls, folder)))


@app.command("http")
def http(
    conversations: Annotated[
        int, typer.Option(min=1, help="Booking conversations to drive (target: 500).")
    ] = 500,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Conversations in flight at once (target: 500).")
    ] = 500,
    seed: Annotated[int, typer.Option(help="Seed of the slot choices and think times.")] = 42,
    weeks: Annotated[int, typer.Option(min=1, help="Weeks of demo slots to seed.")] = 4,
    think_s: Annotated[
        float,
        typer.Option(
            min=0,
            help="Patient's mean reading-and-typing time before each message (s); "
            "0 = closed loop (stress).",
        ),
    ] = 0.0,
) -> None:
    """Full booking conversations over real HTTP against a `frontdesk serve` it starts:
    turns/s, per-turn latency (p50/p95/p99 ms), errors, double bookings, server CPU per turn."""
    from api.bench.http import free_port, run_http_bench

    report = run_http_bench(
        conversations, concurrency, seed=seed, port=free_port(), weeks=weeks, think_s=think_s
    )
    typer.echo(json.dumps(report))


@app.command("load")
def load(
    workers: Annotated[int, typer.Option(min=1, max=64, help="`serve` worker processes.")] = 2,
    conversations: Annotated[
        int, typer.Option(min=1, help="Booking conversations, all in flight at once.")
    ] = 1000,
    think_s: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Caller's mean think time before each message (s); default: phone pace (the "
            "reply spoken at 150 words a minute, a reaction, the caller's words); 0 = closed "
            "loop (stress, and --scaling's capacity figure).",
        ),
    ] = None,
    kill_after_turns: Annotated[
        int | None, typer.Option(help="kill -9 one worker once this many turns were answered.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the slot choices and think times.")] = 42,
    weeks: Annotated[int, typer.Option(min=1, help="Weeks of demo slots to seed.")] = 4,
    scaling: Annotated[
        bool,
        typer.Option(help="Run 1 worker, then --workers, and report throughput_scaling."),
    ] = False,
) -> None:
    """Phone-paced conversations against `frontdesk serve --workers N`: turn_ms p50/p95/p99,
    turns/s, errors, double bookings, server CPU per conversation; optionally kill -9 a worker,
    or compare 1 worker with N (--scaling)."""
    from api.bench.http import free_port
    from api.bench.load import run_load_bench, run_load_scaling

    if scaling:
        if kill_after_turns is not None:
            raise typer.BadParameter("not with --scaling", param_hint="--kill-after-turns")
        typer.echo(
            json.dumps(
                run_load_scaling(conversations, workers, think_s=think_s, seed=seed, weeks=weeks)
            )
        )
        return
    report = run_load_bench(
        conversations,
        workers,
        port=free_port(),
        think_s=think_s,
        kill_after_turns=kill_after_turns,
        seed=seed,
        weeks=weeks,
    )
    typer.echo(json.dumps(report))
