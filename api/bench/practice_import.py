"""Import of a practice's EHR at hospital size: ``frontdesk bench practice-import``.

Seeds Riverside Health (``fhir_adapters.demo.riverside``, local codes, three sites) with
``practitioners`` staff into a FHIR server that does not hold it yet, then times what
``frontdesk practice import`` does: discovery through paging, the configuration and its
validation. Target (issue 13): a 1,000-practitioner EHR in at most 60 s.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from agent.clinic import parse_clinic
from agent.clinic.importer import clinic_data, clinic_yaml
from fhir_adapters.clock import SystemClock
from fhir_adapters.demo.riverside import build_riverside, rid
from fhir_adapters.errors import ResourceNotFoundError
from fhir_adapters.practice import discover
from fhir_adapters.resources import Organization
from fhir_adapters.rest import RestBackend

TARGET_S = 60.0


async def _seed(url: str, practitioners: int) -> float:
    """Seed Riverside with ``practitioners`` staff unless the server holds it; seconds spent."""
    backend = RestBackend(url, tz="Europe/London", clock=SystemClock())
    try:
        try:
            await backend.get(Organization, rid("org"))
            return 0.0
        except ResourceNotFoundError:
            pass
        began = time.perf_counter()
        start = (datetime.now(UTC) + timedelta(days=1)).date()
        await backend.put_resources(
            build_riverside(practitioners, start=start, days=1, slots_per_day=2)
        )
        return time.perf_counter() - began
    finally:
        await backend.close()


async def _run(url: str, practitioners: int) -> dict[str, Any]:
    seeded_s = await _seed(url, practitioners)
    began = time.perf_counter()
    practice = await discover(url, now=datetime.now(UTC), organization_id=rid("org"))
    discovered_s = time.perf_counter() - began
    text = clinic_yaml(clinic_data(practice), practice)
    parse_clinic(text)
    total_s = time.perf_counter() - began
    return {
        "bench": "practice-import",
        "fhir_url": url,
        "practitioners": len(practice.clinicians),
        "sites": len(practice.sites),
        "services": len(practice.services),
        "schedules": practice.coverage.schedules,
        "slots": practice.coverage.slots,
        "unknown_codes": len(practice.unknown_codes),
        "requests": practice.requests,
        "seed_s": round(seeded_s, 2),
        "discover_s": round(discovered_s, 2),
        "import_s": round(total_s, 2),
        "target_s": TARGET_S,
        "meets_target": total_s <= TARGET_S,
    }


def run_practice_import_bench(url: str, practitioners: int) -> dict[str, Any]:
    """The benchmark's JSON report (see the module docstring)."""
    return asyncio.run(_run(url, practitioners))
