"""What a practice's EHR says about the practice itself, as typed models.

``discover`` (``fhir_adapters.practice.discover``) fills a ``Practice`` from standard FHIR
resources: Organization (name, telecom), Location (sites: address, hours, position),
HealthcareService (what is offered, its codes and text), PractitionerRole and Schedule
(who works where, in what, with which codes) and a count of Slots. Nothing here is
frontdesk's own vocabulary except ``concept`` fields, which are the mapping of the EHR's
codes (``fhir_adapters.codings``); a code that maps to nothing keeps ``concept=None`` and is
reported, never guessed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Clinic-configuration weekday names, Monday first."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Code(_Model):
    """One coding as the EHR wrote it, and what we read it as."""

    system: str | None = None
    code: str | None = None
    display: str | None = None
    concept: str | None = Field(None, description="our concept key; None when unknown")

    @property
    def label(self) -> str:
        """How to name the coding to a person: its display, else system|code."""
        return self.display or f"{self.system or '?'}|{self.code or '?'}"


class Site(_Model):
    """One Location of the practice."""

    id: str
    name: str
    address: str | None = None
    phone: str | None = None
    description: str | None = None
    hours: dict[str, list[str]] = Field(
        default_factory=dict, description="weekday -> ['08:00-12:30', ...] (configuration form)"
    )
    hours_note: str | None = Field(None, description="Location.availabilityExceptions")
    position: tuple[float, float] | None = Field(None, description="latitude, longitude")


class Service(_Model):
    """One HealthcareService: what is offered, where, coded how, described how."""

    id: str
    name: str
    codes: list[Code] = Field(default_factory=list, description="type, specialty, category")
    site_ids: list[str] = Field(default_factory=list)
    text: list[str] = Field(
        default_factory=list, description="comment, extraDetails, eligibility and programs"
    )
    appointment_required: bool | None = None
    new_patients: bool | None = Field(
        None, description="True/False when the EHR codes or says it; None when it says nothing"
    )
    hours: dict[str, list[str]] = Field(default_factory=dict)

    @property
    def concepts(self) -> list[str]:
        """Our concepts for this service's codes, in order, no repeats."""
        out: list[str] = []
        for code in self.codes:
            if code.concept and code.concept not in out:
                out.append(code.concept)
        return out


class Clinician(_Model):
    """A practitioner with the roles the practice gives them."""

    id: str
    name: str
    given: str | None = None
    family: str | None = None
    specialties: list[str] = Field(default_factory=list, description="concept keys")
    site_ids: list[str] = Field(default_factory=list)
    service_ids: list[str] = Field(default_factory=list)


class Coverage(_Model):
    """How much of the calendar frontdesk can read and book."""

    schedules: int = 0
    schedules_without_service_type: int = 0
    schedules_without_actor: int = 0
    slots: int | None = Field(None, description="None when the server cannot count")
    slots_without_service_type: int | None = None
    free_slots_ahead: int | None = Field(None, description="free slots in the coming weeks")
    weeks_ahead: int = 4


class Practice(_Model):
    """Everything discovered about one practice."""

    base_url: str
    organization_id: str | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    country: str | None = None
    sites: list[Site] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    clinicians: list[Clinician] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    unknown_codes: list[Code] = Field(
        default_factory=list, description="codings mapped to none of our concepts"
    )
    gaps: list[str] = Field(default_factory=list, description="what the EHR does not say")
    requests: int = Field(0, description="HTTP requests the discovery sent")

    def homonyms(self) -> dict[str, list[Clinician]]:
        """Practitioners sharing a family name (folded), who callers must be asked about."""
        from fhir_adapters.matching import fold

        groups: dict[str, list[Clinician]] = {}
        for clinician in self.clinicians:
            family = fold(clinician.family or clinician.name.split()[-1])
            groups.setdefault(family, []).append(clinician)
        return {k: v for k, v in sorted(groups.items()) if len(v) > 1}
