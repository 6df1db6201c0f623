"""``frontdesk practice import``: read the practice from its EHR, write a clinic configuration."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from agent.backends import auth_from_settings
from agent.clinic import ClinicConfig, ClinicConfigError, load_clinic, parse_clinic
from agent.clinic.importer import clinic_data, clinic_yaml, summary
from agent.settings import Settings
from fhir_adapters.codings import register_local
from fhir_adapters.errors import SchedulingError
from fhir_adapters.practice import discover

app = typer.Typer(help="The practice as its EHR describes it.", no_args_is_help=True)
_console = Console(stderr=True, highlight=False)


@app.command("import")
def import_practice(
    fhir_url: Annotated[str, typer.Option(help="FHIR R4 base URL of the practice's EHR.")],
    organization: Annotated[
        str | None, typer.Option(help="The practice's Organization id (when the EHR has several).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the clinic configuration here (default: stdout).")
    ] = None,
    base: Annotated[
        Path | None,
        typer.Option(
            help="A clinic configuration whose policies to keep (languages, knowledge base, "
            "routing, emergency numbers, local codes); the EHR's facts replace its own."
        ),
    ] = None,
    time_zone: Annotated[
        str | None, typer.Option(help="IANA zone (default: from the country).")
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option(help="Languages, the first the default (repeat).")
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write what was discovered as JSON.")
    ] = None,
) -> None:
    """Discover the practice on a FHIR server (Organization, Locations, HealthcareServices,
    PractitionerRoles, Schedules, Slot counts), print a summary with the codes frontdesk
    cannot read and the gaps, and write a starting clinic configuration."""
    settings = Settings()
    previous: ClinicConfig | None = None
    try:
        previous = load_clinic(base) if base else None
    except ClinicConfigError as exc:
        _console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if previous is not None:
        # Codes the practice already mapped are read, not reported as unknown.
        register_local(previous.local_code_map())
    began = datetime.now(UTC)
    try:
        practice = asyncio.run(
            discover(
                fhir_url,
                now=began,
                organization_id=organization,
                auth=auth_from_settings(settings),
            )
        )
    except SchedulingError as exc:
        _console.print(f"[red]cannot read the practice at {fhir_url}: {exc}[/red]")
        raise typer.Exit(1) from exc
    seconds = (datetime.now(UTC) - began).total_seconds()
    for line in summary(practice):
        typer.echo(line, err=True)
    typer.echo(f"read in {seconds:.1f} s with {practice.requests} requests", err=True)
    data = clinic_data(practice, base=previous, time_zone=time_zone, languages=language)
    text = clinic_yaml(data, practice)
    try:
        parse_clinic(text, source=out or "<import>")
    except (ClinicConfigError, ValidationError) as exc:
        _console.print(f"[yellow]complete the configuration before use:[/yellow]\n{exc}")
    if json_file:
        json_file.write_text(json.dumps(practice.model_dump(mode="json"), indent=1), "utf-8")
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, "utf-8")
        _console.print(f"wrote {out}")
