"""``frontdesk eval``: replay synthetic calls, score them, write reports, gate on thresholds."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agent.brains import BrainConfigurationError
from agent.settings import Settings
from evals.llm_report import llm_rows, llm_scores
from evals.loader import ScenarioError, load_paths
from evals.report_html import render_html, write_html
from evals.report_json import report_dict, write_json
from evals.runner import RunOptions, run_scenarios, turn_limit
from evals.scenario import Thresholds
from evals.scoring import Scores, below_thresholds, score
from evals.urgency_corpus import urgency_corpus_report

_console = Console(stderr=True)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _summary(scores: Scores, seconds: float, extra: list[tuple[str, str]]) -> Table:
    table = Table(title="frontdesk eval", show_header=False)
    k = scores.runs_per_scenario
    rows = [
        ("scenarios x runs", f"{scores.scenarios} x {k} = {scores.runs}"),
        ("task success", _pct(scores.success)),
        (f"pass^{k}", _pct(scores.pass_k.get(k))),
        (
            "urgency recall / precision",
            f"{_pct(scores.urgency_recall)} / {_pct(scores.urgency_precision)}",
        ),
        ("automation (no human)", _pct(scores.automation)),
        ("wrongful writes", str(scores.wrongful_writes)),
        (
            "not understood (replies / calls)",
            f"{scores.not_understood.count} / {scores.not_understood.calls}",
        ),
        ("crashed replays", str(scores.errors)),
        ("turns per call (mean)", f"{scores.turns.mean:.1f}"),
        (
            "engine ms per turn p50 / p95",
            f"{scores.engine_ms.p50:.1f} / {scores.engine_ms.p95:.1f}",
        ),
        ("wall time", f"{seconds:.1f} s"),
        *extra,
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table


def _by_category(scores: Scores) -> Table:
    table = Table(title="success by category")
    table.add_column("category")
    table.add_column("runs", justify="right")
    table.add_column("success", justify="right")
    for name, part in scores.by_category.items():
        table.add_row(name, str(part.runs), _pct(part.success))
    for name, part in scores.by_language.items():
        table.add_row(f"language {name}", str(part.runs), _pct(part.success))
    return table


def _not_understood(scores: Scores) -> Table:
    table = Table(title="not understood: after which patient words")
    table.add_column("times", justify="right")
    table.add_column("patient said")
    for said, times in scores.not_understood.top():
        table.add_row(str(times), said[:100])
    return table


def eval_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Scenario files or directories (default: the shipped suites)."),
    ] = None,
    brain: Annotated[
        Literal["rules", "openai"] | None,
        typer.Option(help="Brain to evaluate (default: from settings, i.e. rules)."),
    ] = None,
    runs: Annotated[int, typer.Option(min=1, help="Replays per scenario, for pass^k.")] = 1,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write the JSON report.")] = None,
    html_file: Annotated[Path | None, typer.Option("--html", help="Write the HTML report.")] = None,
    fhir_url: Annotated[
        list[str] | None,
        typer.Option(
            help="Replay against this FHIR R4 server instead (repeat for one server per worker)."
        ),
    ] = None,
    fhir_isolate: Annotated[
        bool,
        typer.Option(
            help="Undo each scenario's writes on the server afterwards (deletes what it "
            "created, restores what it changed from _history): scenarios never see each "
            "other's records, and one server per worker replays in parallel."
        ),
    ] = False,
    fixture: Annotated[
        Literal["demo", "standard"] | None,
        typer.Option(
            help="Replay every scenario on this practice: standard = the demo practice coded "
            "like another EHR (SNOMED CT, HL7 codes, UUID ids)."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Parallel worker processes (default: one per core).")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(help="Keep scenarios whose id or category contains this text."),
    ] = None,
    variants: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Keep at most this many phrasing variants of each conversation (ids ending "
            "-1, -2, ...): a representative subset for slow backends such as a FHIR server.",
        ),
    ] = None,
    min_success: Annotated[float | None, typer.Option(min=0, max=1)] = None,
    min_pass_k: Annotated[float | None, typer.Option(min=0, max=1)] = None,
    min_urgency_recall: Annotated[float | None, typer.Option(min=0, max=1)] = None,
    min_urgency_precision: Annotated[float | None, typer.Option(min=0, max=1)] = None,
    min_automation: Annotated[float | None, typer.Option(min=0, max=1)] = None,
    max_wrongful_writes: Annotated[int | None, typer.Option(min=0)] = None,
    channel: Annotated[
        Literal["text", "voice"],
        typer.Option(help="voice: patient lines go through offline TTS, a phone line and STT."),
    ] = "text",
    snr: Annotated[
        float | None, typer.Option(help="Background noise of the voice channel, dB SNR.")
    ] = 20.0,
) -> None:
    """Replay synthetic patient calls against a fresh clinic and score them on the final state.

    Exits 1 when a score is under a threshold (given here or in a suite file), 2 when the
    scenarios cannot be loaded.
    """
    try:
        suite = load_paths(paths or [])
    except ScenarioError as exc:
        for problem in exc.problems:
            _console.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    scenarios = suite.scenarios
    if only:
        scenarios = [s for s in scenarios if any(o in s.id or o == s.category.value for o in only)]
    if variants is not None:
        from evals.sampling import first_variants

        scenarios = first_variants(scenarios, variants)
    if not scenarios:
        _console.print("[red]No scenario to replay.[/red]")
        raise typer.Exit(2)
    given = Thresholds(
        success=min_success,
        pass_k=min_pass_k,
        urgency_recall=min_urgency_recall,
        urgency_precision=min_urgency_precision,
        automation=min_automation,
        max_wrongful_writes=max_wrongful_writes,
    )
    # The suites' thresholds are text targets; a voice run is held to the voice bars instead.
    thresholds = given if channel == "voice" else suite.thresholds.merged(given)
    settings = Settings()
    if brain is not None:
        # --brain names the chain's first brain; FRONTDESK_BRAINS still adds a secondary.
        keep = brain != "rules" and brain in (settings.brains or "")
        settings = settings.model_copy(
            update={"brain": brain, "brains": settings.brains if keep else None}
        )
    options = RunOptions(
        settings=settings,
        runs=runs,
        fhir_urls=list(fhir_url or []),
        fhir_isolate=fhir_isolate,
        fixture=fixture,
    )
    if workers is not None:
        options.workers = workers
    text_options = None
    if channel == "voice":
        from api.cli.voice_eval import voice_options

        text_options, options = voice_options(options, snr)

    began = time.perf_counter()
    with Progress(
        TextColumn("[bold]replaying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=_console,
        transient=False,
    ) as progress:
        task = progress.add_task("eval", total=len(scenarios) * runs, failed=0)
        failed = 0

        def advance(result: object) -> None:
            nonlocal failed
            failed += not getattr(result, "passed", True)
            progress.update(task, advance=1, failed=failed)

        try:
            results = run_scenarios(scenarios, options, on_result=advance)
        except BrainConfigurationError as exc:
            _console.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(2) from exc
    seconds = time.perf_counter() - began

    scores = score(results)
    misses = below_thresholds(scores, thresholds)
    llm = llm_scores(results)
    limit = turn_limit(settings)
    if text_options is not None:
        from api.cli.voice_eval import compare_with_text

        misses += compare_with_text(scenarios, text_options, scores, _console)
    meta = {
        "brain": settings.brain,
        "brains": settings.brain_chain,
        "llm": llm.model_dump(mode="json"),
        "turn_limit_s": limit,
        "turn_budget_s": settings.llm_turn_budget_text_s,
        "turns_over_budget": sum(
            ms > 1000 * settings.llm_turn_budget_text_s for r in results for ms in r.engine_ms
        ),
        "runs": runs,
        "backend": ", ".join(fhir_url or []) or "embedded",
        "fixture": fixture or "per scenario",
        "wall_time_s": round(seconds, 2),
    }
    corpus = urgency_corpus_report() if (json_file or html_file) else None
    if json_file:
        write_json(
            json_file,
            report_dict(scores, results, misses=misses, meta=meta, urgency_corpus=corpus),
        )
    if html_file:
        write_html(
            html_file,
            render_html(scores, results, misses=misses, meta=meta, urgency_corpus=corpus),
        )
    _console.print(_by_category(scores))
    if scores.not_understood.count:
        _console.print(_not_understood(scores))
    over = ("turns over the LLM turn budget", str(meta["turns_over_budget"]))
    extra = [*llm_rows(llm), over] if settings.brain_chain != ["rules"] else []
    _console.print(_summary(scores, seconds, extra))
    failures = sorted({r.scenario_id for r in results if not r.passed})
    if failures:
        _console.print(f"[yellow]failed:[/yellow] {', '.join(failures)}", highlight=False)
    if misses:
        for miss in misses:
            _console.print(f"[red]under threshold:[/red] {miss}", highlight=False)
        raise typer.Exit(1)
