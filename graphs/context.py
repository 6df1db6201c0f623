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


@dataclass
class Catalog:
    """The practice's practitioners, specialties and services, read once per engine."""

    practitioners: list[PractitionerInfo] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)

    def practitioner(self, practitioner_id: str | None) -> PractitionerInfo | None:
        """The practitioner with this id, if the practice has one."""
        return next((p for p in self.practitioners if p.id == practitioner_id), None)

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
