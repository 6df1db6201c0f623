"""RestBackend's practice directory lookups: practitioners and services by name or specialty.

Names are matched fuzzily (accents, titles, typos; ``fhir_adapters.matching``); a
specialty is any coding of the practitioner's roles read as one of our concepts.
"""

from __future__ import annotations

from fhir_adapters.matching import MATCH_THRESHOLD, fold, name_score
from fhir_adapters.queries import PractitionerMatch, ServiceMatch
from fhir_adapters.resources import (
    HealthcareService,
)
from fhir_adapters.rest.directory import Directory, newest_first_by_name
from fhir_adapters.rest.parts import BackendParts
from fhir_adapters.rest.records import typed


class PracticeLookup(BackendParts):
    """find_practitioners and find_services of the protocol."""

    directory: Directory

    async def find_practitioners(
        self, name: str | None = None, *, specialty: str | None = None, limit: int = 5
    ) -> list[PractitionerMatch]:
        index = await self.directory.practitioners()
        return index.find(name, specialty, limit)

    async def find_services(self, name: str | None = None, *, limit: int = 5) -> list[ServiceMatch]:
        services = await self.directory.listed("HealthcareService")
        out: list[ServiceMatch] = []
        for body in services:
            if body.get("active") is False:
                continue
            score = 100.0
            if name:
                labels = [body.get("name") or ""] + [
                    c.get("display") or c.get("code") or ""
                    for cc in (body.get("type") or []) + (body.get("specialty") or [])
                    for c in cc.get("coding") or []
                ]
                score = name_score(name, [fold(v) for v in labels if v])
                if score < MATCH_THRESHOLD:
                    continue
            out.append(ServiceMatch(service=typed(body, HealthcareService), score=score))
        out.sort(key=lambda m: (-m.score, *newest_first_by_name(m.service)))
        return out[:limit]
