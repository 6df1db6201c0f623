"""``frontdesk check-ehr URL``: what frontdesk will and will not be able to do on that EHR."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fhir_adapters.rest.probe import probe

_console = Console()


def check_ehr(
    url: Annotated[str, typer.Argument(help="FHIR R4 base URL, e.g. https://ehr.example/fhir")],
) -> None:
    """Probe a FHIR server (read-only) and print a capability table: what frontdesk relies
    on, whether the server has it, and what that means."""
    findings = asyncio.run(probe(url))
    table = Table(title=f"frontdesk on {url}")
    table.add_column("capability", no_wrap=True)
    table.add_column("", justify="center")
    table.add_column("found")
    table.add_column("for frontdesk")
    for f in findings:
        table.add_row(
            f.name, "[green]yes[/green]" if f.ok else "[red]no[/red]", f.detail, f.consequence
        )
    _console.print(table)
    if not any(f.ok for f in findings if f.name.startswith("Slot search")):
        raise typer.Exit(1)
