"""Read a practice from its EHR: Organization, Locations, HealthcareServices,
PractitionerRoles (with their Practitioners), Schedules and Slot counts.

Read-only and standard FHIR R4 searches only. Each resource type is read through its
``next`` links to the end (``fhir_adapters.rest.search``), the types concurrently, with the
largest page the server grants, so a thousand practitioners on a server that pages by ten
is a few hundred requests, not one per practitioner: practitioners arrive with their roles
(``_include=PractitionerRole:practitioner``). Slots are only counted (``_summary=count``),
never read: a hospital holds hundreds of thousands.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx

from fhir_adapters.codings import concept_of, role_specialties
from fhir_adapters.errors import InvalidRequestError, SchedulingError
from fhir_adapters.matching import fold
from fhir_adapters.practice.hours import available_hours, weekly_hours
from fhir_adapters.practice.models import Clinician, Code, Coverage, Practice, Service, Site
from fhir_adapters.rest.auth import Auth
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.search import search

Json = dict[str, Any]
_WITH_PRACTITIONER = ("_include", "PractitionerRole:practitioner")
_NO_NEW = ("no new patient", "not accepting new", "pas de nouveaux patients", "complet")
_NEW = ("new patient", "nouveaux patients", "nouveau patient", "accepting patients")


def _ref_id(value: Any, rtype: str) -> str | None:
    text = str((value or {}).get("reference") or "") if isinstance(value, dict) else ""
    prefix = f"{rtype}/"
    if prefix in text:
        return text.split(prefix, 1)[1].split("/")[0] or None
    return None


def _telecom(resource: Json, system: str) -> str | None:
    for point in resource.get("telecom") or []:
        if point.get("system") == system and point.get("value"):
            return str(point["value"])
    return None


def _address(value: Any) -> tuple[str | None, str | None]:
    """A one-line address and its country code."""
    address = value[0] if isinstance(value, list) and value else value
    if not isinstance(address, dict):
        return None, None
    if address.get("text"):
        return str(address["text"]), address.get("country")
    city = " ".join(str(p) for p in (address.get("postalCode"), address.get("city")) if p)
    parts = [*(str(x) for x in address.get("line") or []), city]
    line = ", ".join(p for p in parts if p)
    return line or None, address.get("country")


def _name(practitioner: Json) -> tuple[str, str | None, str | None]:
    names = practitioner.get("name") or [{}]
    official = next((n for n in names if n.get("use") == "official"), names[0])
    given = " ".join(official.get("given") or []) or None
    family = official.get("family")
    prefix = " ".join(official.get("prefix") or [])
    text = official.get("text") or " ".join(p for p in (prefix, given, family) if p)
    return str(text or practitioner.get("id") or "?"), given, family


def _codes(concepts: Any) -> list[Code]:
    out: list[Code] = []
    for concept in concepts or []:
        if not isinstance(concept, dict):
            continue
        codings = concept.get("coding") or []
        if not codings and concept.get("text"):
            codings = [{"display": concept["text"]}]
        meanings = [concept_of(c.get("system"), c.get("code"), c.get("display")) for c in codings]
        # A local code written next to a standard one means what the standard one means:
        # the EHR said so, nothing is guessed.
        sibling = next((m for m in meanings if m), None)
        for c, meaning in zip(codings, meanings, strict=True):
            code = Code(
                system=c.get("system"),
                code=c.get("code"),
                display=c.get("display") or concept.get("text"),
                concept=meaning or sibling,
            )
            if code not in out:
                out.append(code)
    return out


def _new_patients(service: Json) -> bool | None:
    said = [
        str(x)
        for key in ("characteristic", "eligibility", "program", "referralMethod")
        for item in service.get(key) or []
        for x in (
            item.get("text"),
            item.get("comment"),
            *(c.get("display") for c in item.get("coding") or []),
            *(c.get("display") for c in (item.get("code") or {}).get("coding") or []),
            (item.get("code") or {}).get("text"),
        )
        if x
    ]
    text = fold(" ".join(said))
    if any(fold(w) in text for w in _NO_NEW):
        return False
    if any(fold(w) in text for w in _NEW):
        return True
    return None


def _service(body: Json) -> Service:
    text = [
        str(t)
        for t in (body.get("comment"), body.get("extraDetails"), body.get("availabilityExceptions"))
        if t
    ]
    return Service(
        id=str(body.get("id")),
        name=str(body.get("name") or next(iter(_codes(body.get("type"))), Code()).label),
        codes=_codes(body.get("type")) + _codes(body.get("specialty")),
        site_ids=[i for i in (_ref_id(r, "Location") for r in body.get("location") or []) if i],
        text=text,
        appointment_required=body.get("appointmentRequired"),
        new_patients=_new_patients(body),
        hours=available_hours(body.get("availableTime")),
    )


def _site(body: Json) -> Site:
    address, _ = _address(body.get("address"))
    position = body.get("position") or {}
    lat, lon = position.get("latitude"), position.get("longitude")
    return Site(
        id=str(body.get("id")),
        name=str(body.get("name") or body.get("id")),
        address=address,
        phone=_telecom(body, "phone"),
        description=body.get("description"),
        hours=weekly_hours(body.get("hoursOfOperation")),
        hours_note=body.get("availabilityExceptions"),
        position=(float(lat), float(lon)) if lat is not None and lon is not None else None,
    )


class _Reader:
    """Searches one server with the largest pages it grants, counting requests."""

    def __init__(self, client: FhirClient, page_size: int, max_pages: int) -> None:
        self.client = client
        self.page_size = page_size
        self.max_pages = max_pages

    async def all(self, rtype: str, params: list[tuple[str, str]]) -> tuple[list[Json], list[Json]]:
        query = [*params, ("_count", str(self.page_size))]
        return await search(self.client, rtype, query, max_pages=self.max_pages)

    async def count(self, rtype: str, params: list[tuple[str, str]]) -> int | None:
        try:
            body = (
                await self.client.request("GET", rtype, params=[*params, ("_summary", "count")])
            ).body
        except (InvalidRequestError, SchedulingError):
            return None
        total = (body or {}).get("total")
        return int(total) if isinstance(total, int) else None


async def _organization(reader: _Reader, organization_id: str | None) -> tuple[Json, list[str]]:
    if organization_id:
        return (
            await reader.client.request("GET", f"Organization/{organization_id}")
        ).body or {}, []
    found, _ = await reader.all("Organization", [])
    if not found:
        return {}, ["no Organization: name, phone and address must be written in the YAML"]
    top = [o for o in found if not o.get("partOf")] or found
    gaps = []
    if len(top) > 1:
        names = ", ".join(f"{o.get('name')} ({o.get('id')})" for o in top[:5])
        gaps.append(f"{len(top)} organizations ({names}...): the first was taken; pass one")
    return top[0], gaps


def _unknown(practice_codes: list[Code]) -> list[Code]:
    seen: dict[tuple[str | None, str | None, str | None], Code] = {}
    for code in practice_codes:
        if code.concept is None:
            seen.setdefault((code.system, code.code, None if code.code else code.display), code)
    return sorted(seen.values(), key=lambda c: (c.system or "", c.code or "", c.display or ""))


async def discover(
    base_url: str,
    *,
    now: datetime,
    organization_id: str | None = None,
    auth: Auth | None = None,
    page_size: int = 1000,
    max_pages: int = 100_000,
    weeks_ahead: int = 4,
    timeout: float = 30.0,
) -> Practice:
    """Everything the server at ``base_url`` says about the practice (read-only).

    Raises:
        SchedulingError: the server cannot be read (unreachable, refuses the searches).
    """
    requests = 0

    async def counted(_: httpx.Request) -> None:
        nonlocal requests
        requests += 1

    http = httpx.AsyncClient(timeout=timeout, event_hooks={"request": [counted]})
    client = FhirClient(base_url, auth=auth, timeout=timeout, http=http)
    reader = _Reader(client, page_size, max_pages)
    try:
        organization, gaps = await _organization(reader, organization_id)
        org_id = organization.get("id")
        by_org = [("organization", f"Organization/{org_id}")] if org_id else []
        ahead = [
            ("status", "free"),
            ("start", f"ge{now.isoformat()}"),
            ("start", f"lt{(now + timedelta(weeks=weeks_ahead)).isoformat()}"),
        ]
        read = asyncio.gather(
            reader.all("Location", by_org),
            reader.all("HealthcareService", by_org),
            reader.all("PractitionerRole", [*by_org, _WITH_PRACTITIONER]),
            reader.all("Schedule", []),
        )
        counts = asyncio.gather(
            reader.count("Slot", []),
            reader.count("Slot", [("service-type:missing", "true")]),
            reader.count("Slot", ahead),
        )
        listed, (slots, untyped, free) = await asyncio.gather(read, counts)
        (locations, _), (services, _), (roles, included), (schedules, _) = listed
        practitioners = {p["id"]: p for p in included if p.get("resourceType") == "Practitioner"}
        wanted = {_ref_id(r.get("practitioner"), "Practitioner") for r in roles} - {None}
        missing = sorted(str(i) for i in wanted - set(practitioners))
        for i in range(0, len(missing), 100):
            found, _ = await reader.all("Practitioner", [("_id", ",".join(missing[i : i + 100]))])
            practitioners.update({p["id"]: p for p in found})
    finally:
        await client.close()
        await http.aclose()
    return _assemble(
        base_url,
        organization,
        locations,
        services,
        roles,
        practitioners,
        schedules,
        Coverage(slots=slots, slots_without_service_type=untyped, free_slots_ahead=free),
        gaps,
        requests,
    )


def _clinicians(roles: list[Json], practitioners: dict[str, Json]) -> list[Clinician]:
    merged: dict[str, dict[str, list[str]]] = {}
    for role in roles:
        if role.get("active") is False:
            continue
        pid = _ref_id(role.get("practitioner"), "Practitioner")
        if pid is None or practitioners.get(pid, {}).get("active") is False:
            continue
        entry = merged.setdefault(pid, {"specialties": [], "sites": [], "services": []})
        for key, values in (
            ("specialties", role_specialties(role)),
            ("sites", [_ref_id(r, "Location") for r in role.get("location") or []]),
            (
                "services",
                [_ref_id(r, "HealthcareService") for r in role.get("healthcareService") or []],
            ),
        ):
            entry[key] += [v for v in values if v and v not in entry[key]]
    out = []
    for pid, entry in merged.items():
        name, given, family = _name(practitioners.get(pid, {"id": pid}))
        out.append(
            Clinician(
                id=pid,
                name=name,
                given=given,
                family=family,
                specialties=entry["specialties"],
                site_ids=entry["sites"],
                service_ids=entry["services"],
            )
        )
    return sorted(out, key=lambda c: (fold(c.family or c.name), fold(c.name), c.id))


def _assemble(
    base_url: str,
    organization: Json,
    locations: list[Json],
    services: list[Json],
    roles: list[Json],
    practitioners: dict[str, Json],
    schedules: list[Json],
    counts: Coverage,
    gaps: list[str],
    requests: int,
) -> Practice:
    sites = [_site(b) for b in locations if b.get("status") in (None, "active")]
    offered = [_service(b) for b in services if b.get("active") is not False]
    clinicians = _clinicians(roles, practitioners)
    ours = {f"Practitioner/{c.id}" for c in clinicians} | {f"Location/{s.id}" for s in sites}
    mine = [
        s
        for s in schedules
        if s.get("active") is not False
        and any(str(a.get("reference")) in ours for a in s.get("actor") or [])
    ]
    coverage = counts.model_copy(
        update={
            "schedules": len(mine),
            "schedules_without_service_type": sum(not s.get("serviceType") for s in mine),
            "schedules_without_actor": sum(
                not any(str(a.get("reference", "")).startswith("Practitioner/") for a in s["actor"])
                for s in mine
            ),
        }
    )
    codes = [c for s in offered for c in s.codes]
    codes += [c for r in roles for c in _codes(r.get("specialty"))]
    codes += [c for s in mine for c in _codes(s.get("serviceType")) + _codes(s.get("specialty"))]
    address, country = _address(organization.get("address"))
    if address is None and sites:
        address = sites[0].address
    gaps = list(gaps)
    if not sites:
        gaps.append("no Location: site addresses and hours must be written in the YAML")
    elif not any(s.hours for s in sites):
        gaps.append("no Location.hoursOfOperation: opening hours must be written in the YAML")
    if not offered:
        gaps.append("no HealthcareService: services are read from PractitionerRoles only")
    if coverage.slots_without_service_type:
        gaps.append(f"{coverage.slots_without_service_type} slots without serviceType")
    if coverage.schedules_without_service_type:
        gaps.append(f"{coverage.schedules_without_service_type} schedules without serviceType")
    if clinicians and not mine:
        gaps.append("no Schedule for the practice's practitioners: nothing can be booked")
    return Practice(
        base_url=base_url,
        organization_id=organization.get("id"),
        name=organization.get("name"),
        phone=_telecom(organization, "phone") or next((s.phone for s in sites if s.phone), None),
        email=_telecom(organization, "email"),
        website=_telecom(organization, "url"),
        address=address,
        country=country or _country_of_sites(locations),
        sites=sites,
        services=offered,
        clinicians=clinicians,
        coverage=coverage,
        unknown_codes=_unknown(codes),
        gaps=gaps,
        requests=requests,
    )


def _country_of_sites(locations: list[Json]) -> str | None:
    for body in locations:
        _, country = _address(body.get("address"))
        if country:
            return str(country)
    return None
