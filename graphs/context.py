"""What every node may use besides the state: the practice, the backend, the brain, the clock.

One ``CallContext`` per engine, passed to each graph run as LangGraph's runtime context, so
nodes stay plain functions of ``(state, runtime)`` and tests inject fakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.clinic import ClinicConfig
from agent.tools import PractitionerInfo, SchedulingTools
from agent.understanding import Brain
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.codings import display


@dataclass
class Catalog:
    """The practice's practitioners, specialties and services, read from the EHR.

    Specialties are concept keys (``fhir_adapters.codings``): "cardiology" whether the EHR
    codes it in SNOMED CT, HL7 service-type or our own codes; ``names`` gives the EHR's own
    display for a key we have no name for (a local code).
    """

    practitioners: list[PractitionerInfo] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    _by_id: dict[str, PractitionerInfo] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {p.id: p for p in self.practitioners}

    def practitioner(self, practitioner_id: str | None) -> PractitionerInfo | None:
        """The practitioner with this id, if the practice has one."""
        return self._by_id.get(practitioner_id or "")

    def named(self, key: str) -> dict[str, str]:
        """A specialty's name in each language, for the replies."""
        fallback = self.names.get(key)
        return {lang: display(key, lang, fallback) for lang in ("fr", "en")}

    def specialties_of(self, practitioner_id: str | None) -> list[str]:
        """Specialty codes of a practitioner (empty when unknown)."""
        found = self.practitioner(practitioner_id)
        return found.specialties if found else []


@dataclass
class CallContext:
    """Dependencies of the graph's nodes for one engine."""

    backend: SchedulingBackend
    tools: SchedulingTools
    clinic: ClinicConfig
    brain: Brain
    clock: Clock
    catalog: Catalog = field(default_factory=Catalog)

    @property
    def tz(self) -> str:
        """The practice's IANA time zone."""
        return self.clinic.time_zone
