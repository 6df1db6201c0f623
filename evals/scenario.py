"""The scenario: one synthetic patient call, its hidden goal and the outcome expected on state.

A scenario is written in YAML by a QA engineer (``evals/README.md`` is the reference) and
validated by these models. Expectations are checked on the store after the call (appointments,
staff tasks, patients), never on the agent's wording, except for the emergency number that a
caller in danger must hear.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.understanding import UrgencyLevel


class Category(StrEnum):
    """The real call mix of a practice (see FIELD.md), plus adversarial callers."""

    BOOKING = "booking"
    CHANGES = "changes"
    INFORMATION = "information"
    PRESCRIPTIONS = "prescriptions"
    BILLING = "billing"
    CLINICAL_TRIAGE = "clinical_triage"
    COMPLEX = "complex"
    ADVERSARIAL = "adversarial"


class Persona(StrEnum):
    """How the simulated patient talks."""

    TERSE = "terse"
    CHATTY = "chatty"
    CONFUSED = "confused"
    ELDERLY = "elderly"
    ANXIOUS = "anxious"
    NON_NATIVE = "non-native"


class GoalIntent(StrEnum):
    """What the caller wants from the call (the hidden goal's kind)."""

    BOOK = "book"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    CHECK = "check"
    INFO = "info"
    PRESCRIPTION = "prescription"
    BILLING = "billing"
    RESULTS = "results"
    HUMAN = "human"
    REPORT_SYMPTOMS = "report_symptoms"  # clinical triage: describes what is wrong
    OTHER = "other"  # adversarial or off-topic callers, usually scripted


class _Strict(BaseModel):
    """Unknown keys are errors: a typo in a scenario must not silently weaken a check."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _clock_time(value: object) -> object:
    # YAML 1.1 reads an unquoted 10:00 as the base-60 integer 600.
    if isinstance(value, int) and not isinstance(value, bool):
        return time(value // 60, value % 60)
    return value


class Window(_Strict):
    """When a visit may take place, in the practice's local time. Empty fields do not constrain."""

    start: date | datetime | None = Field(None, alias="from", description="first day or instant")
    end: date | datetime | None = Field(None, alias="to", description="last day (inclusive)")
    part_of_day: Literal["morning", "afternoon", "evening"] | None = None
    not_before: time | None = None
    not_after: time | None = Field(None, description="the visit starts before this time")
    weekdays: list[int] = Field(default_factory=list, description="ISO weekdays, 1=Monday")

    _times = field_validator("not_before", "not_after", mode="before")(
        lambda cls, v: _clock_time(v)
    )

    @field_validator("weekdays")
    @classmethod
    def _iso(cls, days: list[int]) -> list[int]:
        if any(d < 1 or d > 7 for d in days):
            raise ValueError("weekdays are ISO numbers 1 (Monday) to 7 (Sunday)")
        return days


class ClinicFixture(_Strict):
    """The practice the call is replayed against: a fresh copy for every scenario."""

    fixture: Literal["demo", "standard"] = Field(
        "demo",
        description="demo: frontdesk's codes and readable ids; standard: the same practice "
        "coded like another EHR (SNOMED CT, HL7 service-type, UUID ids)",
    )
    seed: int = 42
    weeks: int = Field(4, ge=1, le=26)
    start: date | None = Field(None, description="first day of the seeded calendar (Monday)")
    config: str | None = Field(
        None, description="clinic YAML file (relative to the scenario file); the demo's by default"
    )
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="changes merged over the clinic configuration, e.g. routing rules",
    )


class PatientFacts(_Strict):
    """Who calls: what they know about themselves and how they talk."""

    record: str | None = Field(None, description="id of their record in the fixture, if any")
    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    new: bool = Field(False, description="not yet a patient of the practice")
    caller_phone: str | None = Field(None, description="caller id the line presents")
    persona: Persona = Persona.TERSE
    says_identity: str | None = Field(
        None, description="their own words when asked who they are (surname first, a year in words)"
    )
    first_identity: list[str] = Field(
        default_factory=list,
        description="what they say the first times identity is asked, before their real details "
        "(a refusal, a garbled or implausible name)",
    )


class ChangeOfMind(_Strict):
    """The patient says no at a read-back and asks for something else instead."""

    at: Literal["confirm", "slot_choice"] = "confirm"
    say: str | None = Field(None, description="what they say instead of yes")
    then: Window | None = Field(None, description="the new acceptable window afterwards")
    when: str | None = Field(
        None, description="what they say if asked for a preference afterwards (keeps the rest)"
    )


class Goal(_Strict):
    """The caller's hidden goal: the simulator reveals it only when the agent asks."""

    intent: GoalIntent
    opening: str | None = Field(None, description="first thing the caller says (else generated)")
    reason: str | None = Field(None, description="visit reason or symptoms, in their words")
    practitioner: str | None = Field(None, description="as they would say it, e.g. 'Dr Martin'")
    specialty: str | None = None
    service: str | None = None
    when: str | None = Field(None, description="how they say their preference: 'next week'")
    accept: Window | None = Field(None, description="which offered slots they accept")
    accept_practitioners: list[str] = Field(
        default_factory=list, description="practitioner ids they accept (any when empty)"
    )
    appointment_on: date | None = Field(None, description="the existing visit to change")
    waitlist: str | None = Field(
        None, description="what they say to take up the waiting list when the agent offers it"
    )
    topic: str | None = Field(None, description="knowledge-base topic key")
    question: str | None = Field(None, description="their question, in their words")
    medication: str | None = None
    details: str | None = Field(None, description="what they say when asked for details")
    change_of_mind: ChangeOfMind | None = None
    anything_else: str | None = Field(None, description="second request when asked")
    rephrasings: list[str] = Field(
        default_factory=list,
        description="other ways to say the request when the agent did not understand the opening",
    )
    pick: str | None = Field(
        None, description="how they choose among acceptable offers ('any of them', 'you choose')"
    )
    move_existing: bool = Field(
        False, description="answer to 'you already have one nearby: shall I move it?'"
    )
    says: dict[str, list[str]] = Field(
        default_factory=dict,
        description="the caller's own words the first times the agent waits for this "
        "(confirm, slot_choice, identity, urgency_question, ...), before the simulator's "
        "answers; '' hangs up",
    )


class Speech(_Strict):
    """How the patient speaks: scripted lines, or a simulator answering what the agent asks."""

    mode: Literal["simulated", "scripted", "llm"] = "simulated"
    script: list[str] = Field(default_factory=list, description="lines said in order")
    max_turns: int = Field(14, ge=1, le=60)
    style: Literal["plain", "asr"] = Field(
        "plain",
        description="asr: lines as speech-to-text gives them (lower case, no punctuation)",
    )

    @model_validator(mode="after")
    def _script_present(self) -> Speech:
        if self.mode == "scripted" and not self.script:
            raise ValueError("a scripted patient needs at least one line in 'script'")
        return self


class Hook(_Strict):
    """Something that happens in the practice during the call."""

    action: Literal["take_offered_slot"] = Field(
        ..., description="book an offered slot for another patient before the caller confirms"
    )
    option: int = Field(0, ge=0, description="which offered option (0 = first)")
    occurrence: int = Field(1, ge=1, description="on the n-th time options are offered")
    for_patient: str = Field("pat-0002", description="record that takes the slot")


class BookedExpect(_Strict):
    """An appointment the call must have booked (or moved to)."""

    practitioner: str | list[str] | None = Field(None, description="practitioner id(s)")
    specialty: str | None = None
    service: str | None = Field(None, description="visit type code")
    window: Window | None = None
    new_patient: bool = Field(False, description="booked for a patient registered in the call")


class WaitlistExpect(_Strict):
    """A waitlist entry the call must have added for the patient."""

    practitioner: str | None = Field(None, description="practitioner id the entry names")
    window: Window | None = Field(None, description="where the entry's wished window starts")


class CancelledExpect(_Strict):
    """An appointment the call must have cancelled."""

    on: date | None = Field(None, description="local day of the cancelled visit")
    appointment: str | None = Field(None, description="appointment id")


class HandoffExpect(_Strict):
    """A handoff to a human the call must have created (a FHIR Task with code 'handoff')."""

    min_urgency: UrgencyLevel = UrgencyLevel.ROUTINE
    reason: list[str] = Field(default_factory=list, description="any of these words in the task")


class TaskExpect(_Strict):
    """A staff request the call must have queued (prescription-renewal, billing, ...)."""

    code: str
    min_priority: Literal["routine", "urgent", "stat"] = "routine"


class Expect(_Strict):
    """The outcome on state. Every write not asked for here is a wrongful write."""

    urgency: UrgencyLevel = Field(
        UrgencyLevel.ROUTINE, description="true urgency of the call (for recall/precision)"
    )
    booked: BookedExpect | None = None
    cancelled: CancelledExpect | None = None
    rescheduled: BookedExpect | None = Field(None, description="moved to a slot like this")
    waitlisted: WaitlistExpect | None = Field(None, description="put on the waiting list")
    no_write: bool = Field(False, description="no appointment or patient written at all")
    handoff: HandoffExpect | None = None
    no_handoff: bool = Field(False, description="the agent finishes without a human")
    task: TaskExpect | None = None
    reply_contains: list[str] = Field(default_factory=list, description="all of these, any turn")
    reply_excludes: list[str] = Field(default_factory=list, description="none of these")
    emergency_number: bool = Field(False, description="a reply gives the emergency number")
    registered: bool = Field(False, description="a new patient record was created")
    may_register: bool = Field(
        False, description="registering the caller is allowed, not required (no wrongful write)"
    )

    @model_validator(mode="after")
    def _coherent(self) -> Expect:
        writes = [self.booked, self.cancelled, self.rescheduled, self.waitlisted]
        if self.no_write and (any(writes) or self.registered):
            raise ValueError("'no_write' contradicts an expected booking, change or registration")
        if self.handoff and self.no_handoff:
            raise ValueError("'handoff' and 'no_handoff' contradict each other")
        if self.urgency is not UrgencyLevel.ROUTINE and self.handoff is None:
            raise ValueError("an urgent or emergency call must expect a 'handoff'")
        return self


class Scenario(_Strict):
    """One synthetic call, replayed against a fresh copy of the clinic."""

    id: str = Field(..., pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str | None = None
    category: Category
    language: Literal["fr", "en"]
    channel: Literal["text", "voice"] = "text"
    clinic: ClinicFixture = Field(default_factory=ClinicFixture)
    clock: datetime = Field(..., description="fixed 'now' of the call, timezone-aware")
    patient: PatientFacts = Field(default_factory=PatientFacts)
    goal: Goal
    speech: Speech = Field(default_factory=Speech)
    hooks: list[Hook] = Field(default_factory=list)
    expect: Expect
    tags: list[str] = Field(default_factory=list)
    source: str | None = Field(None, description="file:line it was loaded from", exclude=True)

    @field_validator("clock")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("the clock needs a UTC offset, e.g. 2026-11-23T08:00:00+01:00")
        return value


class Thresholds(_Strict):
    """Minimum scores below which ``frontdesk eval`` exits non-zero."""

    success: float | None = Field(None, ge=0, le=1)
    pass_k: float | None = Field(None, ge=0, le=1, description="pass^k over --runs K")
    urgency_recall: float | None = Field(None, ge=0, le=1)
    urgency_precision: float | None = Field(None, ge=0, le=1)
    automation: float | None = Field(None, ge=0, le=1)
    max_wrongful_writes: int | None = Field(None, ge=0)

    def merged(self, other: Thresholds) -> Thresholds:
        """These thresholds, each overridden by ``other`` where ``other`` sets one."""
        data = self.model_dump()
        data.update({k: v for k, v in other.model_dump().items() if v is not None})
        return Thresholds(**data)


class Suite(BaseModel):
    """Scenarios loaded from files, with the thresholds their suite files declare."""

    scenarios: list[Scenario] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
