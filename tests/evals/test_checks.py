"""Expectations checked on constructed store changes: every unclaimed write is wrongful."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.understanding import UrgencyLevel
from evals.checks import evaluate
from evals.loader import load_text
from evals.scenario import Scenario
from evals.state import ApptFacts, Changes
from fhir_adapters.resources import CodeableConcept, Coding, Reference, Task

TZ = "Europe/Paris"
PARIS = ZoneInfo(TZ)


def scenario(expect: str, patient: str = "record: pat-0005") -> Scenario:
    text = f"""
id: s
category: booking
language: en
clock: 2026-11-23T09:00:00+01:00
patient: {{{patient}}}
goal: {{intent: book}}
expect: {expect}
"""
    return load_text(text).scenarios[0]


def appt(
    aid: str,
    *,
    patient: str = "pat-0005",
    who: str = "pract-martin",
    at: datetime | None = None,
    status: str = "booked",
) -> ApptFacts:
    return ApptFacts(
        aid,
        status,
        patient,
        who,
        f"slot-{aid}",
        at or datetime(2026, 12, 1, 10, 0, tzinfo=PARIS),
        "consultation",
        None,
    )


def task(code: str, priority: str = "routine", reason: str = "") -> Task:
    return Task(
        id=f"task-{code}",
        status="requested",
        intent="order",
        priority=priority,
        code=CodeableConcept(coding=[Coding(system="https://frontdesk.dev/task", code=code)]),
        reasonCode=CodeableConcept(text=reason) if reason else None,
        **{"for": Reference(reference="Patient/pat-0005")},
    )


def changes(*, booked=(), cancelled=(), tasks=(), registered=()) -> Changes:
    return Changes(list(booked), list(cancelled), list(tasks), [], list(registered))


def check(
    s: Scenario,
    c: Changes,
    replies: list[str] | None = None,
    urgencies: list[UrgencyLevel] | None = None,
):
    return evaluate(
        s,
        c,
        replies=replies or [],
        handoff_urgencies=urgencies or [],
        emergency_numbers=["15", "112"],
        tz=TZ,
    )


def test_a_booking_inside_the_window_passes() -> None:
    s = scenario(
        "{booked: {practitioner: [pract-martin, pract-dubois], "
        "window: {from: 2026-11-30, to: 2026-12-06, part_of_day: morning}}}"
    )
    verdict = check(s, changes(booked=[appt("a1")]))
    assert verdict.passed and not verdict.wrongful_writes


def test_a_booking_outside_the_window_fails_with_the_reason() -> None:
    s = scenario("{booked: {window: {from: 2026-11-30, to: 2026-12-06, not_before: '11:00'}}}")
    verdict = check(s, changes(booked=[appt("a1")]))
    assert not verdict.passed
    assert "before 11:00" in verdict.checks[0].detail
    assert verdict.wrongful_writes == [
        "booked a1 (pract-martin, 2026-12-01T10:00:00+01:00, consultation)"
    ]


def test_a_booking_for_another_patient_is_wrongful() -> None:
    s = scenario("{booked: {practitioner: pract-martin}}")
    verdict = check(s, changes(booked=[appt("a1", patient="pat-0009")]))
    assert not verdict.passed and len(verdict.wrongful_writes) == 1


def test_any_write_breaks_no_write_and_counts_as_wrongful() -> None:
    s = scenario("{no_write: true}")
    verdict = check(s, changes(cancelled=[appt("old", status="cancelled")]))
    assert not verdict.passed
    assert verdict.wrongful_writes and verdict.wrongful_writes[0].startswith("cancelled old")


def test_a_consented_registration_may_happen_without_being_wrongful() -> None:
    s = scenario("{no_write: true, may_register: true}", patient="new: true")
    assert check(s, changes(registered=["p-new"])).passed
    s = scenario("{no_write: true}", patient="new: true")
    assert check(s, changes(registered=["p-new"])).wrongful_writes == ["registered Patient/p-new"]


def test_a_reschedule_needs_the_new_visit_and_the_old_one_cancelled() -> None:
    s = scenario("{rescheduled: {practitioner: pract-martin}, cancelled: {on: 2026-11-26}}")
    old = appt("old", at=datetime(2026, 11, 26, 10, 30, tzinfo=PARIS), status="cancelled")
    assert check(s, changes(booked=[appt("new")], cancelled=[old])).passed
    verdict = check(s, changes(booked=[appt("new")]))
    assert not verdict.passed


def test_handoff_needs_the_urgency_and_sets_the_observed_level() -> None:
    s = scenario(
        "{urgency: emergency, handoff: {min_urgency: emergency}, no_write: true, "
        "emergency_number: true}"
    )
    good = check(s, changes(tasks=[task("handoff", "stat")]), replies=["Call 15 now."])
    assert good.passed and good.observed_urgency is UrgencyLevel.EMERGENCY
    weak = check(s, changes(tasks=[task("handoff", "urgent")]), replies=["At 10h15 or 15:30?"])
    assert not weak.passed
    assert weak.observed_urgency is UrgencyLevel.URGENT
    assert [c.name for c in weak.checks if not c.passed] == [
        "handoff >= emergency",
        "emergency number given",
    ]


def test_a_staff_task_and_reply_words_are_checked() -> None:
    s = scenario(
        "{task: {code: prescription-renewal}, no_handoff: true, "
        "reply_contains: [Vitale], reply_excludes: [26 November]}"
    )
    ok = check(s, changes(tasks=[task("prescription-renewal")]), replies=["carte vitale"])
    assert ok.passed
    bad = check(s, changes(tasks=[task("billing")]), replies=["on 26 November"])
    assert {c.name for c in bad.checks if not c.passed} == {
        "task prescription-renewal",
        "reply contains 'Vitale'",
        "reply never says '26 November'",
    }


def test_a_handoff_must_carry_the_reason() -> None:
    s = scenario("{urgency: urgent, handoff: {min_urgency: urgent, reason: [chest pain]}}")
    told = task("handoff", "stat", reason="Handoff: red_flags=chest_pain")
    assert check(s, changes(tasks=[told])).passed
    vague = task("handoff", "stat", reason="Handoff: red_flags=none")
    assert not check(s, changes(tasks=[vague])).passed


def test_two_appointments_after_asking_to_move_one_is_a_wrongful_write() -> None:
    s = scenario("{rescheduled: {practitioner: pract-martin}, cancelled: {on: 2026-11-26}}")
    verdict = check(s, changes(booked=[appt("new")]))
    assert not verdict.passed
    assert verdict.wrongful_writes == [
        "booked new (pract-martin, 2026-12-01T10:00:00+01:00, consultation) "
        "while the visit to move stays"
    ]


def test_clock_times_are_never_taken_for_the_emergency_number() -> None:
    s = scenario("{emergency_number: true}")
    for reply in ("Je peux vous proposer lundi à 9 h 15.", "Monday at 15:00", "à 15 h", "at 3 pm"):
        assert not check(s, changes(), replies=[reply]).passed, reply
    assert check(s, changes(), replies=["Appelez le 15 tout de suite."]).passed
    assert check(s, changes(), replies=["Call 112 now, then at 9 h 15 we..."]).passed
