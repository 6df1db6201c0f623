"""``frontdesk seed --size hospital``: the hospital around the demo practice, with a progress bar.

The demo practice is seeded first (``seed``); this adds the generated hospital
(``fhir_adapters.demo.hospital``) in chunks, showing a rich progress bar per kind of
resource, and prints what was written and how long it took.
"""

from __future__ import annotations

import time
from datetime import date

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.demo.hospital import (
    HOSPITAL,
    HospitalBuilder,
    HospitalSize,
    bulk_writer,
    is_hospital_seeded,
    write_hospital,
)

HOSPITAL_WEEKS = 13
"""Weeks of slots a hospital gets by default (about three months)."""
LABELS = {"directory": "sites, services, practitioners", "slots": "slots", "patients": "patients"}


async def seed_hospital(
    backend: SchedulingBackend,
    *,
    seed: int,
    tz: str,
    start: date,
    weeks: int,
    console: Console,
    where: str,
    size: HospitalSize = HOSPITAL,
) -> None:
    """Add the hospital to a store that holds the demo practice (nothing if already there)."""
    if await is_hospital_seeded(backend):
        console.print(f"The store at {where} already holds the hospital.", soft_wrap=True)
        return
    builder = HospitalBuilder(size, seed=seed, tz=tz, start=start, weeks=weeks)
    directory = builder.directory()
    totals = {
        "directory": len(directory),
        "slots": size.slots(weeks),
        "patients": max(0, size.patients - 50),
    }
    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as bar:
        tasks = {what: bar.add_task(LABELS[what], total=n) for what, n in totals.items()}
        counts = await write_hospital(
            builder,
            bulk_writer(backend),
            lambda what, n: bar.advance(tasks[what], n),
        )
    table = Table(title=f"Hospital added to {where}")
    table.add_column("Sites", justify="right")
    table.add_column("Services", justify="right")
    table.add_column("Practitioners", justify="right")
    table.add_column("Slots", justify="right")
    table.add_column("Patients", justify="right")
    table.add_row(
        str(len(builder.sites)),
        str(len(builder.services)),
        str(size.practitioners),
        f"{counts['slots']:,}",
        f"{counts['patients']:,}",
    )
    console.print(table)
    console.print(
        f"Written in {time.perf_counter() - began:.1f} s ({weeks} weeks of slots from {start}).",
        soft_wrap=True,
    )
