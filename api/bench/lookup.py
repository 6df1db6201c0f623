"""Practitioner lookup at hospital size: what a turn naming "Dr Martin" costs.

Builds ``count`` practitioners (seeded names and SNOMED CT specialties) in a temporary
embedded store and times, per spoken name: the backend's fuzzy ``find_practitioners``,
the rule brain's name spotting over the whole catalog, and reading the catalog once.
Both lookups go through a name index (``fhir_adapters.name_index``) built once per
directory version; each lookup is reported in wall-clock and CPU milliseconds with the
load average, since the machine running it may be shared.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from agent.nlu.normalize import normalize
from agent.nlu.practitioners import find_practitioner
from fhir_adapters.clock import SystemClock
from fhir_adapters.concepts import SNOMED, SPECIALTIES
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import DomainResource, Practitioner, PractitionerRole, ref
from graphs.catalog import read_catalog

FAMILIES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Francois",
    "Legrand",
    "Gauthier",
    "Perrin",
    "Robin",
    "Clement",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noel",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Riviere",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martinez",
    "Gerard",
    "Roche",
    "Renard",
    "Schmitt",
    "Roy",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
]
GIVENS = [
    "Claire",
    "Paul",
    "Marie",
    "Jean",
    "Sophie",
    "Luc",
    "Anne",
    "Pierre",
    "Julie",
    "Marc",
    "Emma",
    "Louis",
    "Lea",
    "Hugo",
]


def _practice(count: int, rng: random.Random) -> list[DomainResource]:
    snomed = [c for c in SPECIALTIES if c.snomed]
    out: list[DomainResource] = []
    for i in range(count):
        pid = f"p{i}"
        spec = rng.choice(snomed)
        out.append(
            Practitioner(
                id=pid,
                active=True,
                name=[{"family": rng.choice(FAMILIES), "given": [rng.choice(GIVENS)]}],
            )
        )
        out.append(
            PractitionerRole(
                id=f"r{i}",
                active=True,
                practitioner=ref("Practitioner", pid),
                specialty=[{"coding": [{"system": SNOMED, "code": spec.snomed[0]}]}],
            )
        )
    return out


def _cuts(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": round(q[49], 3), "p95_ms": round(q[94], 3), "max_ms": round(max(values), 3)}


class _Timer:
    """Wall-clock and CPU milliseconds of each timed call (CPU is the fair figure on a
    shared machine: it leaves out the time other processes held the cores)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self._began = (0.0, 0.0)

    def __enter__(self) -> None:
        self._began = (time.perf_counter(), time.process_time())

    def __exit__(self, *_: object) -> None:
        self.wall.append((time.perf_counter() - self._began[0]) * 1000)
        self.cpu.append((time.process_time() - self._began[1]) * 1000)

    def report(self) -> dict[str, Any]:
        cpu = _cuts(self.cpu)
        return {**_cuts(self.wall), **{f"cpu_{k}": v for k, v in cpu.items()}}


async def _run(count: int, lookups: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        backend = EmbeddedBackend(
            Path(tmp) / "lookup.sqlite", tz="Europe/Paris", clock=SystemClock()
        )
        try:
            await backend.put_resources(_practice(count, rng))
            began = time.perf_counter()
            catalog = await read_catalog(backend)
            catalog_ms = (time.perf_counter() - began) * 1000
            names = [p.name for p in catalog.practitioners]
            # The rule brain indexes the names on first use (once per catalog): not a lookup.
            began = time.perf_counter()
            find_practitioner("docteur x", names)
            brain_index_ms = (time.perf_counter() - began) * 1000
            backend_time, brain_time = _Timer(), _Timer()
            for _ in range(lookups):
                family = rng.choice(FAMILIES)
                said = f"je voudrais voir le docteur {family.lower()} jeudi"
                with backend_time:
                    await backend.find_practitioners(family, limit=5)
                utterance = normalize(said)
                with brain_time:
                    find_practitioner(utterance.folded, names, said=utterance.words)
        finally:
            await backend.close()
    return {
        "benchmark": "lookup",
        "practitioners": count,
        "specialties": len(catalog.specialties),
        "lookups": lookups,
        "catalog_read_ms": round(catalog_ms, 1),
        "rule_brain_index_build_ms": round(brain_index_ms, 1),
        "backend_find_practitioners": backend_time.report(),
        "rule_brain_name_spotting": brain_time.report(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "targets": {"p95_ms": 2.0},
    }


def run_lookup_bench(count: int = 1000, lookups: int = 200, seed: int = 7) -> dict[str, Any]:
    """Time practitioner lookups among ``count`` practitioners; a JSON-ready dict."""
    return asyncio.run(_run(count, lookups, seed))
