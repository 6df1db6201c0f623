"""The practice directory kept in memory: practitioners, roles, locations, services, schedules.

They are loaded once per process (and again when another process changes them) to join
slots with who and where; spoken names are matched through a practitioner index built once
per load (``fhir_adapters.practitioner_index``), so a hospital's thousand practitioners cost
a lookup the few candidates its name index offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fhir_adapters.codings import restricted_visits, specialty_keys
from fhir_adapters.embedded.columns import SlotPlace
from fhir_adapters.matching import MATCH_THRESHOLD, fold, name_score
from fhir_adapters.practitioner_index import (
    PractitionerIndex,
    concepts_json,
    specialties_of,
)
from fhir_adapters.queries import PractitionerMatch, ServiceMatch
from fhir_adapters.resources import (
    DomainResource,
    HealthcareService,
    Location,
    Organization,
    Practitioner,
    PractitionerRole,
    Schedule,
    ref_id,
)

DIRECTORY_TYPES: dict[str, type[DomainResource]] = {
    cls.__name__: cls
    for cls in (HealthcareService, Location, Organization, Practitioner, PractitionerRole, Schedule)
}


@dataclass
class Directory:
    """Directory resources by type and id, as typed models (treat them as read-only)."""

    version: int = -1
    by_type: dict[str, dict[str, DomainResource]] = field(default_factory=dict)
    _places: dict[str | None, SlotPlace] = field(default_factory=dict, repr=False)
    _index: PractitionerIndex | None = field(default=None, repr=False)

    def add(self, resource: DomainResource) -> None:
        """Insert or replace one resource."""
        self.by_type.setdefault(resource.get_resource_type(), {})[str(resource.id)] = resource
        self._places.clear()
        self._index = None

    def copy(self) -> Directory:
        """A copy whose later additions do not show in this one (a transaction's overlay)."""
        return Directory(self.version, {t: dict(m) for t, m in self.by_type.items()})

    def practitioner(self, pid: str | None) -> Practitioner | None:
        """The practitioner with id ``pid``, if known."""
        found = self.by_type.get("Practitioner", {}).get(pid or "")
        return found if isinstance(found, Practitioner) else None

    def location(self, lid: str | None) -> Location | None:
        """The location with id ``lid``, if known."""
        found = self.by_type.get("Location", {}).get(lid or "")
        return found if isinstance(found, Location) else None

    def roles_of(self, pid: str) -> list[PractitionerRole]:
        """Active roles of a practitioner."""
        return [
            r
            for r in self.by_type.get("PractitionerRole", {}).values()
            if isinstance(r, PractitionerRole)
            and ref_id(r.practitioner, "Practitioner") == pid
            and r.active is not False
        ]

    def slot_place(self, schedule_id: str | None) -> SlotPlace:
        """Practitioner, location, service and specialty a Schedule's slots belong to."""
        place = self._places.get(schedule_id)
        if place is None:
            place = self._places[schedule_id] = self._resolve_place(schedule_id)
        return place

    def _resolve_place(self, schedule_id: str | None) -> SlotPlace:
        schedule = self.by_type.get("Schedule", {}).get(schedule_id or "")
        if not isinstance(schedule, Schedule):
            return SlotPlace()
        practitioner_id = location_id = None
        for actor in schedule.actor or []:
            practitioner_id = practitioner_id or ref_id(actor, "Practitioner")
            location_id = location_id or ref_id(actor, "Location")
            role = self.by_type.get("PractitionerRole", {}).get(
                ref_id(actor, "PractitionerRole") or ""
            )
            if isinstance(role, PractitionerRole):
                practitioner_id = practitioner_id or ref_id(role.practitioner, "Practitioner")
                for loc in role.location or []:
                    location_id = location_id or ref_id(loc, "Location")
        specialties = specialty_keys(concepts_json(schedule.specialty)) or specialty_keys(
            concepts_json(schedule.serviceType)
        )
        if not specialties and practitioner_id:
            specialties = [c for r in self.roles_of(practitioner_id) for c in specialties_of(r)]
        services = restricted_visits(concepts_json(schedule.serviceType))
        return SlotPlace(
            practitioner_id=practitioner_id,
            location_id=location_id,
            service_types=tuple(services),
            specialty=specialties[0] if specialties else None,
        )

    def find_practitioners(
        self, name: str | None, specialty: str | None, limit: int
    ) -> list[PractitionerMatch]:
        """Active practitioners matching a (fuzzy) name and/or a specialty, best first."""
        if self._index is None:
            self._index = PractitionerIndex(
                (
                    p
                    for p in self.by_type.get("Practitioner", {}).values()
                    if isinstance(p, Practitioner)
                ),
                (
                    r
                    for r in self.by_type.get("PractitionerRole", {}).values()
                    if isinstance(r, PractitionerRole)
                ),
            )
        return self._index.find(name, specialty, limit)

    def find_services(self, name: str | None, limit: int) -> list[ServiceMatch]:
        """Active healthcare services matching a (fuzzy) name, best first."""
        matches: list[ServiceMatch] = []
        for service in self.by_type.get("HealthcareService", {}).values():
            if not isinstance(service, HealthcareService) or service.active is False:
                continue
            score = 100.0
            if name:
                variants = [fold(service.name or "")] + [
                    fold(c.display or c.code or "")
                    for cc in (service.type or []) + (service.specialty or [])
                    for c in cc.coding or []
                ]
                score = name_score(name, [v for v in variants if v])
                if score < MATCH_THRESHOLD:
                    continue
            matches.append(ServiceMatch(service=service, score=score))
        matches.sort(key=lambda m: (-m.score, fold(m.service.name or "")))
        return matches[:limit]
