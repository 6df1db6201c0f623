"""The practice's configuration: what the front desk says, and what it may do on its own.

Every model forbids unknown keys, so a misspelt setting is an error rather than a silent
default. Texts that the agent speaks come in each of the practice's languages.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from agent.clinic.emergency import EmergencyNumbers
from agent.clinic.outreach import OutreachConfig
from agent.clinic.vocabulary import (
    WEEKDAYS,
    KnowledgeTopic,
    ServiceTypeCode,
    SpecialtyCode,
    TaskCode,
    Weekday,
)
from agent.understanding import Language

_INTERVAL = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
_SHORT_NUMBER = re.compile(r"^\+?\d{2,15}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _number_text(value: object) -> object:
    # YAML reads `samu: 15` as an int; an emergency number is text ("15", "112", "0800...").
    # Spaces are how people write it ("116 123"), not part of it.
    if isinstance(value, str):
        return value.replace(" ", "")
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _dialable(value: str) -> str:
    if not _SHORT_NUMBER.match(value):
        raise ValueError(f"{value!r} is not a phone number (digits only, e.g. '15' or '112')")
    return value


EmergencyNumber = Annotated[str, BeforeValidator(_number_text), AfterValidator(_dialable)]


class Localized(_Strict):
    """One text in each language; which ones are required depends on ``languages``."""

    fr: str | None = Field(None, min_length=1)
    en: str | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _languages_written(self, info: ValidationInfo) -> Localized:
        # The loader passes the practice's languages as context, so a missing translation is
        # reported at the entry's own line; ClinicConfig re-checks when built without it.
        languages = (info.context or {}).get("languages") or []
        missing = self.missing([lang for lang in languages if lang in ("fr", "en")])
        if missing:
            raise ValueError(f"no text in {', '.join(missing)}")
        return self

    def get(self, language: Language) -> str | None:
        """The text in ``language``, or None when it was not written."""
        return self.fr if language == "fr" else self.en

    def missing(self, languages: list[Language]) -> list[Language]:
        """Which of ``languages`` have no text."""
        return [lang for lang in languages if not self.get(lang)]


def _parse_interval(text: str) -> tuple[time, time]:
    match = _INTERVAL.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not an interval like '08:30-12:30'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = time(h1, m1), time(h2, m2)
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


def _interval_text(value: str) -> str:
    _parse_interval(value)
    return value


Interval = Annotated[str, AfterValidator(_interval_text)]


class OpeningHours(_Strict):
    """Opening hours per weekday, "HH:MM-HH:MM" intervals; an absent or empty day is closed."""

    monday: list[Interval] = []
    tuesday: list[Interval] = []
    wednesday: list[Interval] = []
    thursday: list[Interval] = []
    friday: list[Interval] = []
    saturday: list[Interval] = []
    sunday: list[Interval] = []

    @field_validator("*")
    @classmethod
    def _ordered(cls, value: list[str]) -> list[str]:
        previous_end: time | None = None
        for text in value:
            start, end = _parse_interval(text)
            if previous_end is not None and start < previous_end:
                raise ValueError(f"{text!r} overlaps or precedes the interval before it")
            previous_end = end
        return value

    def intervals(self, day: Weekday | date) -> list[tuple[time, time]]:
        """The open intervals of a weekday name or of a date's weekday."""
        name = WEEKDAYS[day.weekday()] if isinstance(day, date) else day
        return [_parse_interval(text) for text in getattr(self, name)]


class NewPatients(_Strict):
    """Whether the agent may register new patients, and who takes them."""

    registration_allowed: bool = True
    accepting_practitioners: list[str] = Field(
        [], description="Practitioner ids that accept new patients; empty means nobody"
    )


class Routing(_Strict):
    """What the agent books itself and what goes to a human."""

    new_patients: NewPatients = NewPatients()
    first_visits_to_human: list[SpecialtyCode | ServiceTypeCode] = Field(
        [], description="specialties (or service types) whose first visit a human arranges"
    )
    bookable_service_types: list[ServiceTypeCode] = ["consultation", "follow-up"]
    human_only_service_types: list[ServiceTypeCode] = []

    @field_validator("human_only_service_types")
    @classmethod
    def _disjoint(cls, value: list[str], info: ValidationInfo) -> list[str]:
        both = sorted(set(value) & set(info.data.get("bookable_service_types", [])))
        if both:
            raise ValueError(f"{both} cannot be both bookable and human-only service types")
        return value


class Site(_Strict):
    """One building of the practice (a FHIR Location), with its own address and hours.

    ``frontdesk practice import`` writes these from the EHR's Locations; ``aliases`` are the
    words callers use for it ("the annex", "Northgate") besides its name.
    """

    id: str | None = Field(None, description="the FHIR Location id")
    name: str = Field(..., min_length=1)
    address: str = Field(..., min_length=1)
    phone: str | None = None
    opening_hours: OpeningHours | None = Field(None, description="None: the practice's hours")
    aliases: list[str] = []
    note: Localized | None = Field(None, description="what else to say about it (access, floor)")


class ServiceNote(_Strict):
    """A service the practice offers, as its EHR describes it (a HealthcareService): what
    the knowledge base answers questions about that service from."""

    id: str | None = Field(None, description="the FHIR HealthcareService id")
    name: str = Field(..., min_length=1)
    text: str | None = Field(None, description="its description (comment, extra details)")
    site_ids: list[str] = []
    concepts: list[str] = Field([], description="what its codes mean (cardiology, ...)")


class LocalCode(_Strict):
    """One of the practice's own codes and the concept it means (``fhir_adapters.concepts``)."""

    system: str = Field(..., min_length=1)
    code: str = Field(..., min_length=1)
    concept: str = Field(..., description="e.g. cardiology, physiotherapy, follow-up")
    display: str | None = None

    @field_validator("concept")
    @classmethod
    def _known(cls, value: str) -> str:
        from fhir_adapters.concepts import CONCEPTS

        if value not in CONCEPTS:
            raise ValueError(f"{value!r} is not a concept (one of {', '.join(sorted(CONCEPTS))})")
        return value


class DemoSeed(_Strict):
    """Parameters of ``frontdesk seed`` for this practice's demo data."""

    seed: int = 42
    weeks: int = Field(4, ge=1, le=104)
    existing_appointments: int = Field(15, ge=0, le=500)


class ClinicConfig(_Strict):
    """One practice, as written in its YAML file (see ``demo_clinic.yaml``).

    A minimal English-only practice in the UK::

        name: Elm Street Surgery
        address: 1 Elm Street, Leeds LS1 1AA
        phone: "+44 113 496 0000"
        time_zone: Europe/London
        languages: [en]
        opening_hours: {monday: ["08:00-18:30"], tuesday: ["08:00-18:30"]}
        emergency_numbers: {emergency: "999", non_emergency: "111", samaritans: "116 123"}

    (a US practice would list ``emergency: "911"`` and ``suicide_crisis: "988"``; see
    ``agent.clinic.emergency`` for the roles and the numbers of each country).
    """

    name: str = Field(..., min_length=1)
    organization_id: str | None = Field(None, description="the practice's FHIR Organization id")
    address: str = Field(..., min_length=1)
    phone: str = Field(..., description="international format, e.g. +33 1 99 00 12 34")
    email: str | None = None
    website: str | None = None
    time_zone: str = Field(..., description="IANA name, e.g. Europe/Paris")
    languages: list[Language] = Field(..., min_length=1, description="the first is the default")
    opening_hours: OpeningHours
    emergency_numbers: dict[str, EmergencyNumber] = Field(
        ..., min_length=1, description="name -> number, most important first"
    )
    knowledge_base: dict[KnowledgeTopic, Localized] = {}
    routing: Routing = Routing()
    callbacks: dict[TaskCode, Localized] = Field(
        {}, description="what the caller is promised when a staff task is created"
    )
    demo: DemoSeed = DemoSeed()
    outreach: OutreachConfig = OutreachConfig()
    # ---- ehr (practice discovered from the EHR) ----
    sites: list[Site] = Field([], description="the practice's buildings (from its Locations)")
    local_codes: list[LocalCode] = Field(
        [], description="the practice's own service/specialty codes and what they mean"
    )
    services: list[ServiceNote] = Field([], description="services described by the EHR")
    knowledge_files: list[Path] = Field(
        [], description="markdown files of questions and answers (relative to this file)"
    )

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. 'Europe/Paris')") from None
        return value

    @field_validator("languages")
    @classmethod
    def _unique(cls, value: list[Language]) -> list[Language]:
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise ValueError(f"{value!r} is not a phone number in international format (+33 ...)")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @model_validator(mode="after")
    def _every_language_written(self) -> ClinicConfig:
        for section, entries in (
            ("knowledge_base", self.knowledge_base),
            ("callbacks", self.callbacks),
        ):
            for key, text in entries.items():
                missing = text.missing(self.languages)
                if missing:
                    raise ValueError(f"{section}.{key} has no text in {', '.join(missing)}")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The practice's time zone."""
        return ZoneInfo(self.time_zone)

    @property
    def emergency(self) -> EmergencyNumbers:
        """The emergency numbers by role: which one to speak in each situation."""
        return EmergencyNumbers.from_config(self.emergency_numbers)

    @property
    def default_language(self) -> Language:
        """The language a conversation starts in."""
        return self.languages[0]

    def answer(self, topic: KnowledgeTopic, language: Language) -> str | None:
        """The knowledge-base answer for ``topic`` (None when the practice wrote none)."""
        entry = self.knowledge_base.get(topic)
        return entry.get(language) if entry else None

    def local_code_map(self) -> dict[tuple[str, str], str]:
        """``{(system, code): concept}`` of ``local_codes`` (for ``register_local``)."""
        return {(c.system, c.code): c.concept for c in self.local_codes}

    def site(self, site_id: str | None) -> Site | None:
        """The site with this Location id, if the configuration lists it."""
        return next((s for s in self.sites if site_id and s.id == site_id), None)

    def hours_of(self, site: Site | None) -> OpeningHours:
        """A site's opening hours (the practice's when the site has none of its own)."""
        return site.opening_hours if site and site.opening_hours else self.opening_hours

    def callback_promise(self, code: TaskCode, language: Language) -> str | None:
        """What to promise a caller when a staff task with ``code`` is created."""
        entry = self.callbacks.get(code)
        return entry.get(language) if entry else None

    def is_open(self, at: datetime) -> bool:
        """Whether the practice is open at instant ``at`` (evaluated in its time zone)."""
        local = at.astimezone(self.zone)
        return any(a <= local.time() < b for a, b in self.opening_hours.intervals(local.date()))
