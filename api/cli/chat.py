"""``frontdesk chat``: talk to the front desk in the terminal, or script it through a pipe.

On a terminal it prompts for each line; from a pipe (``printf 'hello\\n...' | frontdesk chat``)
it reads one patient line per input line and prints both sides. Notable events (a handoff
to staff, a booking) are shown as banners. ``/resume [note]`` plays the staff member handing
the call back after a handoff; ``/quit`` (or end of input) leaves.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape

from agent.brains import BrainConfigurationError
from agent.clinic import ClinicConfigError
from agent.settings import Settings
from graphs.engine import ConversationStateError, Engine, build_engine
from graphs.events import TurnResult


def _event_lines(result: TurnResult) -> list[str]:
    lines = []
    for event in result.events:
        data = event.data
        if event.kind == "handoff":
            lines.append(
                f"[bold red]>>> handed to staff[/] urgency={escape(str(data.get('urgency')))} "
                f"reason={escape(str(data.get('reason')))} task={escape(str(data.get('task_id')))}"
            )
        elif event.kind == "booked":
            lines.append(
                f"[bold green]>>> booked[/] {escape(str(data.get('start')))} with "
                f"{escape(str(data.get('practitioner')))} "
                f"(Appointment/{escape(str(data.get('appointment_id')))})"
            )
        elif event.kind == "rescheduled":
            lines.append(f"[bold green]>>> moved[/] to {escape(str(data.get('start')))}")
        elif event.kind == "cancelled":
            lines.append(f"[bold yellow]>>> cancelled[/] Appointment/{data.get('appointment_id')}")
        elif event.kind == "task":
            lines.append(
                f"[cyan]>>> staff request[/] {data.get('code')} (Task/{data.get('task_id')})"
            )
        elif event.kind == "patient_registered":
            lines.append(f"[cyan]>>> new patient[/] Patient/{data.get('patient_id')}")
    return lines


def _show(console: Console, result: TurnResult) -> None:
    console.print(f"[bold]agent:[/] {escape(result.reply)}")
    for line in _event_lines(result):
        console.print(line)


async def _read_line(interactive: bool) -> str | None:
    if interactive:
        try:
            return await asyncio.to_thread(input, "you: ")
        except EOFError:
            return None
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None


async def _converse(
    engine: Engine, console: Console, *, conversation: str | None, lang: str | None
) -> None:
    interactive = sys.stdin.isatty()
    conversation_id = conversation or engine.new_conversation_id()
    if await engine.state(conversation_id):
        console.print(f"[dim]continuing conversation {escape(conversation_id)}[/]")
    else:
        language = lang if lang in ("fr", "en") else None
        _show(console, await engine.start(conversation_id, language=language))  # type: ignore[arg-type]
    while True:
        line = await _read_line(interactive)
        if line is None or line.strip() == "/quit":
            break
        if not interactive:
            console.print(f"[bold]patient:[/] {escape(line)}")
        if line.startswith("/resume"):
            note = line.removeprefix("/resume").strip() or None
            try:
                result = await engine.staff_resume(conversation_id, note)
            except ConversationStateError as exc:
                console.print(f"[dim]{escape(str(exc))}[/]")
                continue
        else:
            result = await engine.turn(conversation_id, line)
        _show(console, result)
        if result.handed_off and interactive:
            console.print("[dim](staff have the call: type /resume to hand it back)[/]")
        if result.ended:
            break
    console.print(f"[dim]conversation id: {escape(conversation_id)}[/]")


async def _run(settings: Settings, console: Console, **options: str | None) -> None:
    if not settings.fhir_base_url and not settings.resolved_store_path.exists():
        console.print("[dim]First run: setting up the demo practice in the local store...[/]")
    engine = await build_engine(settings)
    try:
        await _converse(engine, console, **options)
    finally:
        await engine.aclose()


def chat(
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language to start in: fr or en.")
    ] = None,
    brain: Annotated[
        str | None, typer.Option("--brain", help="rules (embedded, default) or openai.")
    ] = None,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue (or name) a conversation.")
    ] = None,
) -> None:
    """Hold a conversation with the front desk in the terminal (or from a pipe)."""
    if lang is not None and lang not in ("fr", "en"):
        raise typer.BadParameter("use fr or en", param_hint="--lang")
    if brain is not None and brain not in ("rules", "openai"):
        raise typer.BadParameter("use rules or openai", param_hint="--brain")
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    chosen: Literal["rules", "openai"] | None = brain  # type: ignore[assignment]
    settings = Settings(brain=chosen) if chosen else Settings()
    try:
        asyncio.run(_run(settings, console, conversation=conversation, lang=lang))
    except ClinicConfigError as exc:
        console.print("[red]Invalid clinic configuration[/red]")
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    except BrainConfigurationError as exc:
        console.print(
            f"[red]The {settings.brain} brain is not configured:[/red] {escape(str(exc))}"
        )
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
