"""Resolve "exactly one" over any scheduling backend, or say why not with a typed error.

The protocol's finds return lists, which suits a conversation (two Jean Duponts lead to a
question about the phone number). Callers that need one record, such as a staff console,
an integration or a script, use these functions instead and get PatientNotFoundError,
AmbiguousPatientError or PractitionerNotFoundError with a receptionist's wording.
"""

from __future__ import annotations

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import (
    AmbiguousPatientError,
    PatientNotFoundError,
    PractitionerNotFoundError,
)
from fhir_adapters.queries import PatientQuery, PractitionerMatch
from fhir_adapters.resources import Patient


async def identify_patient(backend: SchedulingBackend, query: PatientQuery) -> Patient:
    """The one patient matching ``query``.

    Raises:
        PatientNotFoundError: nobody matches.
        AmbiguousPatientError: several patients match; ``candidates`` says how many (never who).
    """
    found = await backend.find_patients(query)
    if not found:
        raise PatientNotFoundError()
    if len(found) > 1:
        raise AmbiguousPatientError(candidates=len(found))
    return found[0]


async def resolve_practitioner(
    backend: SchedulingBackend, name: str | None = None, *, specialty: str | None = None
) -> PractitionerMatch:
    """The practitioner best matching a spoken or typed name and/or a specialty code.

    Raises:
        PractitionerNotFoundError: nobody of the practice matches.
    """
    matches = await backend.find_practitioners(name, specialty=specialty, limit=1)
    if not matches:
        what = f"named {name!r}" if name else f"in {specialty!r}"
        raise PractitionerNotFoundError(f"No practitioner of the practice {what}.")
    return matches[0]
