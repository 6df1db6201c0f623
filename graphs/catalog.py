"""Read the practice's catalog (practitioners, specialties, services) from its EHR.

Every practitioner is read, however many (a hospital has a thousand): the catalog is
what names, specialties and "do you have a cardiologist?" are checked against.
"""

from __future__ import annotations

from typing import Any

from agent.clinic.vocabulary import SERVICE_TYPE_CODES
from agent.tools.views import practitioner_info
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.codings import concept_keys
from fhir_adapters.concepts import CONCEPTS
from graphs.context import Catalog

EVERYONE = 1_000_000


async def read_catalog(backend: SchedulingBackend) -> Catalog:
    """The catalog of the practice behind ``backend`` (raises SchedulingError)."""
    matches = await backend.find_practitioners(None, limit=EVERYONE)
    practitioners = [practitioner_info(m) for m in matches]
    names: dict[str, str] = {}
    for match in matches:
        for role in match.roles:
            for concept in role.specialty or []:
                body = concept.model_dump(mode="json", exclude_none=True)
                for key in concept_keys(body):
                    if key in CONCEPTS or key in names:
                        continue
                    coding: dict[str, Any] = next(iter(body.get("coding") or []), {})
                    names[key] = str(coding.get("display") or body.get("text") or key)
    specialties = sorted({s for p in practitioners for s in p.specialties})
    return Catalog(
        practitioners=practitioners,
        specialties=specialties,
        services=list(SERVICE_TYPE_CODES),
        names=names,
    )
