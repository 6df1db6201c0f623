"""``frontdesk seed``: put the demo practice into the configured store and show what it holds.

Values come from, in order of precedence: the command's options, ``FRONTDESK_*`` settings
that were set explicitly, then the ``demo`` section of the practice's YAML file.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.table import Table

from agent.backends import build_backend
from agent.clinic import ClinicConfig, ClinicConfigError, load_clinic
from agent.settings import Settings
from api.cli.seed_hospital import HOSPITAL_WEEKS, seed_hospital
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock, FixedClock, SystemClock
from fhir_adapters.demo import STAFF, is_seeded, mrn, seed_demo_clinic
from fhir_adapters.demo.hospital import PRACTICE_PATIENTS
from fhir_adapters.demo.staff import WEEKDAY_NAMES
from fhir_adapters.errors import ResourceNotFoundError, SchedulingError
from fhir_adapters.queries import PatientQuery, SlotQuery
from fhir_adapters.resources import Practitioner

_PAGE = 500


@dataclass
class StaffRow:
    """One practitioner of the demo practice as found in the store."""

    id: str
    name: str
    specialty: str
    working_days: str
    free_slots: int = 0
    booked: int = 0


@dataclass
class StoreSummary:
    """What the store holds for the demo practice, from ``now`` on."""

    staff: list[StaffRow] = field(default_factory=list)
    patients: int = 0
    booked: int = 0
    last_slot: datetime | None = None


def settings_clock(settings: Settings, tz: ZoneInfo) -> Clock:
    """The clock the settings ask for: frozen at ``settings.now`` (local if naive), or the wall."""
    if settings.now is None:
        return SystemClock()
    now = settings.now if settings.now.tzinfo else settings.now.replace(tzinfo=tz)
    return FixedClock(now)


def _pick(option: Any, settings: Settings, name: str, default: Any) -> Any:
    if option is not None:
        return option
    return getattr(settings, name) if name in settings.model_fields_set else default


async def _count_free(backend: SchedulingBackend, practitioner_id: str, now: datetime) -> int:
    """Every free future slot of one practitioner, page by page (find_slots caps at 500)."""
    total, start = 0, now
    while True:
        query = SlotQuery(practitioner_ids=(practitioner_id,), start=start, limit=_PAGE)
        page = await backend.find_slots(query)
        total += len(page)
        if len(page) < _PAGE:
            return total
        start = page[-1].start + timedelta(seconds=1)


async def summarize(backend: SchedulingBackend, *, now: datetime) -> StoreSummary:
    """Read back the demo practitioners, their free slots and bookings, and demo patients."""
    summary = StoreSummary()
    booked = await backend.list_appointments(statuses=["booked"], upcoming_only=True, limit=10_000)
    summary.booked = len(booked)
    per_practitioner: dict[str, int] = {}
    for view in booked:
        if view.practitioner is not None:
            key = str(view.practitioner.id)
            per_practitioner[key] = per_practitioner.get(key, 0) + 1
    for spec in STAFF:
        try:
            practitioner = await backend.get(Practitioner, spec.practitioner_id)
        except ResourceNotFoundError:
            continue
        names = practitioner.name or []
        summary.staff.append(
            StaffRow(
                id=spec.practitioner_id,
                name=str(names[0].text) if names and names[0].text else spec.display_name,
                specialty=spec.specialty,
                working_days=" ".join(WEEKDAY_NAMES[d - 1] for d in spec.working_days),
                free_slots=await _count_free(backend, spec.practitioner_id, now),
                booked=per_practitioner.get(spec.practitioner_id, 0),
            )
        )
    summary.patients = await _count_demo_patients(backend)
    return summary


async def _count_demo_patients(backend: SchedulingBackend) -> int:
    # By MRN search rather than by id: a miss is an empty result, not a logged HTTP 404.
    # Only the practice's own (a hospital's twenty thousand are counted as they are written).
    count = 0
    while count < PRACTICE_PATIENTS and await backend.find_patients(
        PatientQuery(identifier=mrn(count + 1))
    ):
        count += 1
    return count


def _print_summary(console: Console, summary: StoreSummary, where: str) -> None:
    table = Table(title=f"Demo practice in {where}")
    table.add_column("Practitioner", no_wrap=True)
    table.add_column("Name")
    table.add_column("Specialty", no_wrap=True)
    table.add_column("Works on")
    table.add_column("Free slots", justify="right")
    table.add_column("Booked", justify="right")
    for row in summary.staff:
        table.add_row(
            row.id,
            row.name,
            row.specialty,
            row.working_days,
            str(row.free_slots),
            str(row.booked),
        )
    console.print(table)
    console.print(
        f"{len(summary.staff)} practitioners, "
        f"{sum(r.free_slots for r in summary.staff)} free slots, "
        f"{summary.patients} patients, {summary.booked} upcoming appointments."
    )


def _delete_store(path: Path) -> None:
    # SQLite keeps recent writes in -wal/-shm side files: remove them with the store.
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        candidate.unlink(missing_ok=True)


async def _run(
    settings: Settings,
    config: ClinicConfig,
    *,
    seed: int,
    weeks: int,
    tz: str,
    console: Console,
    size: str = "practice",
) -> None:
    zone = ZoneInfo(tz)
    clock = settings_clock(settings, zone)
    backend = build_backend(settings, clock=clock, tz=tz)
    where = settings.fhir_base_url or str(settings.resolved_store_path)
    try:
        if await is_seeded(backend):
            console.print(
                f"The store at {where} already holds the demo practice "
                "(use --reset to start again).",
                soft_wrap=True,
            )
        else:
            clinic = await seed_demo_clinic(
                backend,
                seed=seed,
                tz=tz,
                start=clock.now().astimezone(zone).date(),
                weeks=weeks,
                existing_appointments=config.demo.existing_appointments,
            )
            counts = clinic.counts()
            console.print(
                f"Seeded {config.name} (seed {seed}, {weeks} week{'s' if weeks > 1 else ''} "
                f"from {clinic.start}, {tz}): "
                f"{counts['slots']} slots, {counts['patients']} patients, "
                f"{counts['appointments']} appointments booked.",
                soft_wrap=True,
            )
        if size == "hospital":
            await seed_hospital(
                backend,
                seed=seed,
                tz=tz,
                start=clock.now().astimezone(zone).date(),
                weeks=weeks,
                console=console,
                where=where,
            )
        _print_summary(console, await summarize(backend, now=clock.now()), where)
    finally:
        await backend.close()


def seed(
    seed: Annotated[
        int | None, typer.Option(help="Random seed of the demo data (default: the clinic file's).")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(min=1, max=104, help="Weeks of slots to create from today.")
    ] = None,
    store: Annotated[
        Path | None, typer.Option(help="Embedded store file (default: FRONTDESK_STORE_PATH).")
    ] = None,
    tz: Annotated[
        str | None, typer.Option(help="Practice time zone (default: the clinic file's).")
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete the embedded store first, then seed again.")
    ] = False,
    fhir_url: Annotated[
        str | None,
        typer.Option(help="Seed this FHIR R4 server (default: FRONTDESK_FHIR_BASE_URL)."),
    ] = None,
    size: Annotated[
        str,
        typer.Option(
            help="practice (the demo practice) or hospital (the practice plus 3 sites, "
            "40 services, 1,000 practitioners, about 200,000 slots over 13 weeks by "
            "default, 20,000 patients)."
        ),
    ] = "practice",
) -> None:
    """Create the demo clinic (or a hospital around it) in the configured store."""
    console = Console()
    if not console.is_terminal:
        # Piped or captured output is not wrapped at 80 columns: keep the table's rows whole.
        console = Console(width=120)
    overrides: dict[str, Any] = {"store_path": store} if store is not None else {}
    if fhir_url is not None:
        overrides["fhir_base_url"] = fhir_url
    settings = Settings(**overrides)
    try:
        config = load_clinic(settings.clinic_file)
    except ClinicConfigError as exc:
        console.print("[red]Invalid clinic configuration[/red]")
        console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    zone_name = tz or config.time_zone
    try:
        ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(
            f"{zone_name!r} is not a known time zone", param_hint="--tz"
        ) from None
    if size not in ("practice", "hospital"):
        raise typer.BadParameter("use practice or hospital", param_hint="--size")
    default_weeks = HOSPITAL_WEEKS if size == "hospital" else config.demo.weeks
    if reset and settings.fhir_base_url:
        raise typer.BadParameter("only the embedded store can be reset", param_hint="--reset")
    try:
        if reset:
            _delete_store(settings.resolved_store_path)
        asyncio.run(
            _run(
                settings,
                config,
                seed=_pick(seed, settings, "seed", config.demo.seed),
                weeks=_pick(weeks, settings, "demo_weeks", default_weeks),
                tz=zone_name,
                console=console,
                size=size,
            )
        )
    except (SchedulingError, OSError) as exc:
        console.print("[red]The store could not be seeded:[/red]", end=" ")
        console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
