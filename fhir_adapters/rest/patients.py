"""Patient lookup over FHIR REST, tolerant of accents and phone formats.

FHIR string search is accent-sensitive on many servers ("dupont" does not find "Dupônt"), so
the server is asked with the most selective exact field (identifier, birth date, phone) and
every field is then compared locally: names folded (``fhir_adapters.matching.fold``), phones
as E.164. When a name-only query finds nothing server-side, a bounded scan compares folded
names locally.
"""

from __future__ import annotations

from typing import Any

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.matching import fold, normalize_phone
from fhir_adapters.queries import PatientQuery
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.search import Params, search

Json = dict[str, Any]


def matches(patient: Json, query: PatientQuery, region: str) -> bool:
    """Whether ``patient`` agrees with every field of ``query``."""
    if query.identifier and not any(
        i.get("value") == query.identifier for i in patient.get("identifier") or []
    ):
        return False
    if query.birth_date and patient.get("birthDate") != query.birth_date.isoformat():
        return False
    names = patient.get("name") or []
    if query.family:
        wanted = fold(query.family)
        if not any(fold(n.get("family") or "") == wanted for n in names):
            return False
    if query.given:
        wanted = fold(query.given)
        if not any(
            wanted in {fold(g) for g in n.get("given") or []}
            or fold(" ".join(n.get("given") or [])) == wanted
            for n in names
        ):
            return False
    if query.phone:
        wanted = normalize_phone(query.phone, region) or query.phone
        phones = [
            normalize_phone(str(t.get("value")), region)
            for t in patient.get("telecom") or []
            if t.get("system") in (None, "phone", "sms") and t.get("value")
        ]
        if wanted not in phones:
            return False
    return True


async def find_patients(
    client: FhirClient, query: PatientQuery, *, region: str, max_pages: int
) -> list[Json]:
    """Patients matching every field of ``query``.

    Raises:
        InvalidRequestError: the phone given is not a phone number.
    """
    if query.phone and normalize_phone(query.phone, region) is None:
        raise InvalidRequestError("That phone number does not look valid.")
    params: Params
    if query.identifier:
        params = [("identifier", query.identifier)]
    elif query.birth_date:
        params = [("birthdate", query.birth_date.isoformat())]
    elif query.phone:
        params = [("phone", normalize_phone(query.phone, region) or query.phone)]
    elif query.family:
        params = [("family", query.family)]
    else:
        params = [("given", query.given or "")]
    found, _ = await search(client, "Patient", [*params, ("_count", "100")], max_pages=max_pages)
    hits = [p for p in found if matches(p, query, region)]
    if hits or query.identifier or query.birth_date:
        return hits
    # Accents or phone formats the server compares literally: scan, bounded, and compare here.
    scanned, _ = await search(client, "Patient", [("_count", "200")], max_pages=max_pages)
    return [p for p in scanned if matches(p, query, region)]
