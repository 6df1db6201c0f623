"""The practice's practitioners, indexed once, found by fuzzy name and/or specialty.

Built from the directory both backends keep in memory (every active practitioner with its
active roles); a lookup costs the few candidates the name index offers, not the whole
practice. Rebuilt whenever that directory changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fhir_adapters.codings import role_specialties
from fhir_adapters.matching import MATCH_THRESHOLD, human_name_variants
from fhir_adapters.name_index import NameIndex
from fhir_adapters.queries import PractitionerMatch
from fhir_adapters.resources import Practitioner, PractitionerRole, ref_id

TieBreak = Callable[[Practitioner], Any]
"""Order of practitioners with equal scores (a sortable key)."""


def concepts_json(concepts: list | None) -> list[dict]:
    """Typed CodeableConcepts as the JSON the coding functions read."""
    return [c.model_dump(mode="json", exclude_none=True) for c in concepts or []]


def specialties_of(role: PractitionerRole) -> list[str]:
    """Specialty concepts of a role, from its specialty and (occupations) its code."""
    return role_specialties(
        {"specialty": concepts_json(role.specialty), "code": concepts_json(role.code)}
    )


def by_family(practitioner: Practitioner) -> list[str]:
    """The default tie-break: the first name variant (the family name)."""
    return human_name_variants(practitioner.name)[:1]


class PractitionerIndex:
    """Active practitioners (in the order given) with their active roles.

    Args:
        practitioners: every Practitioner of the directory (inactive ones are left out).
        roles: every PractitionerRole (inactive ones are left out).
        tie_break: how practitioners with equal scores are ordered.
    """

    def __init__(
        self,
        practitioners: Iterable[Practitioner],
        roles: Iterable[PractitionerRole],
        *,
        tie_break: TieBreak = by_family,
    ) -> None:
        self._roles: dict[str, list[PractitionerRole]] = {}
        for role in roles:
            if role.active is not False:
                owner = ref_id(role.practitioner, "Practitioner") or ""
                self._roles.setdefault(owner, []).append(role)
        self._people = [p for p in practitioners if p.active is not False]
        self._specialties = [
            {s for r in self._roles.get(str(p.id), []) for s in specialties_of(r)}
            for p in self._people
        ]
        self._names = NameIndex(human_name_variants(p.name) for p in self._people)
        self._order = [tie_break(p) for p in self._people]

    def __len__(self) -> int:
        return len(self._people)

    def roles_of(self, practitioner_id: str) -> list[PractitionerRole]:
        """Active roles of one practitioner."""
        return list(self._roles.get(practitioner_id, []))

    def find(self, name: str | None, specialty: str | None, limit: int) -> list[PractitionerMatch]:
        """Practitioners matching a (fuzzy) name and/or a specialty concept, best first."""
        if name:
            hits = self._names.search(name, MATCH_THRESHOLD)
        else:
            hits = [(entry, 100.0) for entry in range(len(self._people))]
        if specialty:
            hits = [(e, s) for e, s in hits if specialty in self._specialties[e]]
        # Python's sort is stable: equal keys keep the directory's order.
        hits.sort(key=lambda hit: (-hit[1], self._order[hit[0]]))
        return [
            PractitionerMatch(
                practitioner=self._people[entry],
                roles=self.roles_of(str(self._people[entry].id)),
                score=score,
            )
            for entry, score in hits[:limit]
        ]
