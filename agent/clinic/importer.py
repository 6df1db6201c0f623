"""A starting clinic configuration from what the EHR says (``frontdesk practice import``).

The EHR gives the name, phone, address, sites with their hours, who accepts new patients
(where a HealthcareService says so) and which codes it uses; the configuration keeps what
the EHR cannot say (languages, knowledge-base text, routing policy, emergency numbers, the
meaning of local codes), taken from ``base`` when one is given. Codes that map to none of
our concepts are never guessed into the configuration: they are listed in the summary and
written as commented suggestions for a person to confirm.
"""

from __future__ import annotations

from typing import Any

import yaml

from agent.clinic.emergency import COUNTRY_NUMBERS
from agent.clinic.model import ClinicConfig
from agent.clinic.providers import find_provider_kind
from fhir_adapters.matching import fold
from fhir_adapters.practice.models import WEEKDAY_KEYS, Code, Practice

_ZONES = {"FR": "Europe/Paris", "GB": "Europe/London", "US": "America/New_York"}
_LANGUAGES: dict[str, list[str]] = {"FR": ["fr", "en"], "GB": ["en"], "US": ["en"]}
_EHR_KEYS = (
    "name",
    "organization_id",
    "address",
    "phone",
    "email",
    "website",
    "sites",
    "services",
)


def _union_hours(practice: Practice) -> dict[str, list[str]]:
    """The practice is open when any of its sites is."""
    out: dict[str, list[str]] = {}
    for day in WEEKDAY_KEYS:
        spans = sorted(tuple(i.split("-")) for s in practice.sites for i in s.hours.get(day, []))
        merged: list[list[str]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out[day] = [f"{a}-{b}" for a, b in merged]
    return out


def _aliases(name: str, others: list[str]) -> list[str]:
    """Words of a site's name that no other site's name has ("Northgate", "Dental")."""
    generic = {"clinic", "centre", "center", "building", "site", "the", "de", "la", "des", "du"}
    theirs = {w for other in others for w in fold(other).split()}
    return [w for w in fold(name).split() if len(w) > 3 and w not in theirs | generic]


def _suggestion(code: Code) -> str | None:
    """A concept the code's display suggests (for a person to confirm, never applied)."""
    return find_provider_kind(fold(code.display or ""), []) if code.display else None


def _accepting(practice: Practice) -> list[str] | None:
    """Practitioners of services that say they take new patients; None when none says."""
    said = [s for s in practice.services if s.new_patients is not None]
    if not said:
        return None
    open_ids = {s.id for s in said if s.new_patients}
    return sorted(c.id for c in practice.clinicians if open_ids & set(c.service_ids))


def clinic_data(
    practice: Practice,
    *,
    base: ClinicConfig | None = None,
    time_zone: str | None = None,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    """The configuration (YAML-ready data): the EHR's facts over ``base``'s policies."""
    country = (practice.country or "").upper()
    data: dict[str, Any] = base.model_dump(mode="json", exclude_defaults=True) if base else {}
    for key in _EHR_KEYS:
        data.pop(key, None)
    names = [s.name for s in practice.sites]
    facts: dict[str, Any] = {
        "name": practice.name or (base.name if base else "FILL IN: the practice's name"),
        "organization_id": practice.organization_id,
        "address": practice.address or (base.address if base else "FILL IN: the address"),
        "phone": practice.phone or (base.phone if base else "FILL IN: +33 ..."),
        "email": practice.email,
        "website": practice.website,
    }
    data = {**{k: v for k, v in facts.items() if v is not None}, **data}
    data.setdefault("time_zone", time_zone or _ZONES.get(country, "Europe/Paris"))
    data.setdefault("languages", languages or _LANGUAGES.get(country, ["fr", "en"]))
    if time_zone:
        data["time_zone"] = time_zone
    if languages:
        data["languages"] = languages
    hours = _union_hours(practice)
    if any(hours.values()) or "opening_hours" not in data:
        data["opening_hours"] = {day: spans for day, spans in hours.items()}
    data.setdefault("emergency_numbers", COUNTRY_NUMBERS.get(country, COUNTRY_NUMBERS["FR"]))
    data["sites"] = [
        {
            "id": site.id,
            "name": site.name,
            "address": site.address or data["address"],
            **({"phone": site.phone} if site.phone else {}),
            **({"opening_hours": site.hours} if site.hours else {}),
            "aliases": _aliases(site.name, [n for n in names if n != site.name]),
        }
        for site in practice.sites
    ]
    data["services"] = [
        {
            "id": service.id,
            "name": service.name,
            **({"text": " ".join(service.text)} if service.text else {}),
            "site_ids": service.site_ids,
            "concepts": service.concepts,
        }
        for service in practice.services
    ]
    accepting = _accepting(practice)
    if accepting is not None:
        routing = data.setdefault("routing", {})
        routing.setdefault("new_patients", {})["accepting_practitioners"] = accepting
    return data


def clinic_yaml(data: dict[str, Any], practice: Practice) -> str:
    """The configuration file: a header, the data, and the unknown codes as comments."""
    lines = [
        f"# Written by `frontdesk practice import` from {practice.base_url}.",
        "# The EHR's facts (name, address, sites, hours) are refreshed by importing again;",
        "# the rest (languages, knowledge base, routing, emergency numbers) is yours to edit.",
        "",
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).rstrip(),
    ]
    if practice.unknown_codes:
        lines += [
            "",
            "# Codes of this EHR that frontdesk cannot read yet. Callers asking for that care",
            "# will not find it until you map each code to a concept under local_codes, e.g.",
            "# local_codes:",
        ]
        for code in practice.unknown_codes:
            guess = _suggestion(code)
            hint = f"   # suggested by '{code.display}'" if guess else ""
            lines.append(
                f"#   - {{system: {code.system or '?'}, code: {code.code or '?'}, "
                f"concept: {guess or '?'}}}{hint}"
            )
    return "\n".join(lines) + "\n"


def summary(practice: Practice) -> list[str]:
    """A readable account of what was found, one line per fact or gap."""
    c = practice.coverage
    out = [
        f"practice      {practice.name or '?'} ({practice.organization_id or 'no Organization'})",
        f"sites         {len(practice.sites)}: "
        + "; ".join(
            f"{s.name} ({s.address or 'no address'}, {len(s.hours)} day(s) with hours)"
            for s in practice.sites
        ),
        f"services      {len(practice.services)}: "
        + ", ".join(
            f"{s.name} [{', '.join(s.concepts) or 'unmapped'}]" for s in practice.services[:40]
        ),
        f"practitioners {len(practice.clinicians)}",
        f"schedules     {c.schedules} ({c.schedules_without_service_type} without serviceType)",
        f"slots         {c.slots if c.slots is not None else '?'} in all, "
        f"{c.free_slots_ahead if c.free_slots_ahead is not None else '?'} free in the next "
        f"{c.weeks_ahead} weeks, "
        f"{c.slots_without_service_type if c.slots_without_service_type is not None else '?'}"
        " without serviceType",
    ]
    homonyms = practice.homonyms()
    if homonyms:
        out.append(
            f"homonyms      {len(homonyms)} names shared (callers will be asked which one): "
            + "; ".join(
                " / ".join(c.name for c in group[:4]) for group in list(homonyms.values())[:5]
            )
        )
    for code in practice.unknown_codes:
        out.append(f"unknown code  {code.system or '?'}|{code.code or '?'} ({code.display or '-'})")
    out += [f"gap           {gap}" for gap in practice.gaps]
    return out
