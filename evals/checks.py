"""Check a scenario's expectations on what the call changed in the store.

Every appointment booked or cancelled and every patient registered must be accounted for by
an expectation (``booked``, ``cancelled``, ``rescheduled``, ``registered``); whatever is left
is a wrongful write. Staff tasks are requests to humans, not writes to the record: they are
checked by ``handoff`` and ``task`` and feed the automation rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from agent.understanding import UrgencyLevel
from evals.results import CheckResult
from evals.scenario import BookedExpect, Scenario
from evals.state import ApptFacts, Changes
from evals.windows import window_misses
from fhir_adapters.matching import fold
from fhir_adapters.resources import Task

TASK_SYSTEM = "https://frontdesk.dev/task"
_PRIORITY_RANK = {"routine": 0, "urgent": 1, "asap": 1, "stat": 2}
_URGENCY_OF_PRIORITY = {
    "routine": UrgencyLevel.ROUTINE,
    "urgent": UrgencyLevel.URGENT,
    "asap": UrgencyLevel.URGENT,
    "stat": UrgencyLevel.EMERGENCY,
}
_PRIORITY_OF_URGENCY = {"routine": "routine", "urgent": "urgent", "emergency": "stat"}


@dataclass
class Verdict:
    """The checks of one call and the facts scoring needs."""

    checks: list[CheckResult] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    wrongful_writes: list[str] = field(default_factory=list)
    observed_urgency: UrgencyLevel = UrgencyLevel.ROUTINE

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks) and not self.wrongful_writes

    def add(self, name: str, passed: bool, detail: str = "") -> None:
        self.checks.append(CheckResult(name=name, passed=passed, detail=detail))


def task_code(task: Task) -> str | None:
    """The frontdesk code of a staff Task (handoff, prescription-renewal, ...)."""
    for coding in (task.code.coding or []) if task.code else []:
        if coding.code:
            return str(coding.code)
    return None


def _task_text(task: Task) -> str:
    parts = [task.description or ""]
    for concept in [task.reasonCode, task.code]:
        if concept is not None:
            parts.append(concept.text or "")
            parts.extend(c.display or c.code or "" for c in concept.coding or [])
    parts.extend(n.text or "" for n in task.note or [])
    return fold(" ".join(parts))


def _number_pattern(number: str) -> str:
    # "15" must stand alone: not the minutes of "10h15" or "15:30".
    return rf"(?<![\d:h]){re.escape(number)}(?![\d:h])"


# Clock times as replies write them ("9 h 15", "15 h", "10:15", "3 pm"): never a phone number.
_CLOCK_TIME = re.compile(
    r"\b\d{1,2}\s*(?:h|:|heures?)(?:\s*\d{2})?\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", re.I
)


def gives_number(number: str, text: str) -> bool:
    """True when ``text`` gives the phone number ``number`` (clock times do not count)."""
    return bool(re.search(_number_pattern(number), _CLOCK_TIME.sub(" ", text)))


def _describe(a: ApptFacts) -> str:
    when = a.start.isoformat() if a.start else "?"
    return f"{a.id} ({a.practitioner_id}, {when}, {a.service_type})"


def _describe_entry(a: ApptFacts) -> str:
    start = a.window_start.isoformat() if a.window_start else "?"
    end = a.window_end.isoformat() if a.window_end else "?"
    return f"{a.id} (waitlist, {a.practitioner_id}, {start} to {end})"


def _fits_booking(a: ApptFacts, exp: BookedExpect, patient: str | None, tz: str) -> list[str]:
    problems: list[str] = []
    if patient is not None and a.patient_id != patient:
        problems.append(f"for {a.patient_id}, not {patient}")
    wanted = [exp.practitioner] if isinstance(exp.practitioner, str) else exp.practitioner
    if wanted and a.practitioner_id not in wanted:
        problems.append(f"with {a.practitioner_id}, not {'/'.join(wanted)}")
    if exp.service and a.service_type != exp.service:
        problems.append(f"visit type {a.service_type}, not {exp.service}")
    if exp.specialty and a.specialty and a.specialty != exp.specialty:
        problems.append(f"specialty {a.specialty}, not {exp.specialty}")
    if a.start is not None:
        problems.extend(window_misses(exp.window, a.start, tz))
    return problems


class _Ledger:
    """Writes of the call; expectations claim theirs, what is left over is wrongful."""

    def __init__(self, changes: Changes) -> None:
        self.booked = list(changes.booked)
        self.cancelled = list(changes.cancelled)
        self.registered = list(changes.registered_patients)
        self.waitlisted = list(changes.waitlisted)

    def claim_waitlist(self, scenario: Scenario, tz: str) -> tuple[ApptFacts | None, str]:
        exp = scenario.expect.waitlisted
        assert exp is not None
        reasons = []
        for entry in self.waitlisted:
            problems = []
            if scenario.patient.record and entry.patient_id != scenario.patient.record:
                problems.append(f"for {entry.patient_id}")
            if exp.practitioner and entry.practitioner_id != exp.practitioner:
                problems.append(f"with {entry.practitioner_id}, not {exp.practitioner}")
            if exp.window is not None:
                if entry.window_start is None:
                    problems.append("no window")
                else:
                    problems.extend(window_misses(exp.window, entry.window_start, tz))
            if not problems:
                self.waitlisted.remove(entry)
                return entry, _describe_entry(entry)
            reasons.append(f"{_describe_entry(entry)}: {', '.join(problems)}")
        return None, "; ".join(reasons) or "nobody was put on the waiting list"

    def claim_booking(
        self, exp: BookedExpect, patient: str | None, tz: str
    ) -> tuple[ApptFacts | None, str]:
        if not self.booked:
            return None, "nothing was booked"
        reasons = []
        for appt in self.booked:
            problems = _fits_booking(appt, exp, patient, tz)
            if not problems:
                self.booked.remove(appt)
                return appt, _describe(appt)
            reasons.append(f"{_describe(appt)}: {', '.join(problems)}")
        return None, "; ".join(reasons)

    def claim_cancel(self, scenario: Scenario, tz: str) -> tuple[ApptFacts | None, str]:
        exp = scenario.expect.cancelled
        patient = scenario.patient.record
        for appt in self.cancelled:
            if patient and appt.patient_id != patient:
                continue
            if exp and exp.appointment and appt.id != exp.appointment:
                continue
            if (
                exp
                and exp.on
                and appt.start
                and appt.start.astimezone(ZoneInfo(tz)).date() != exp.on
            ):
                continue
            self.cancelled.remove(appt)
            return appt, _describe(appt)
        found = ", ".join(_describe(a) for a in self.cancelled) or "nothing"
        return None, f"no matching cancellation (cancelled: {found})"


def evaluate(
    scenario: Scenario,
    changes: Changes,
    *,
    replies: list[str],
    handoff_urgencies: list[UrgencyLevel],
    emergency_numbers: list[str],
    tz: str,
) -> Verdict:
    """Check ``scenario.expect`` against ``changes`` and the agent's ``replies``."""
    exp = scenario.expect
    verdict = Verdict()
    ledger = _Ledger(changes)
    verdict.writes = [f"booked {_describe(a)}" for a in changes.booked]
    verdict.writes += [f"cancelled {_describe(a)}" for a in changes.cancelled]
    verdict.writes += [f"registered Patient/{p}" for p in changes.registered_patients]
    verdict.writes += [f"waitlisted {_describe_entry(a)}" for a in changes.waitlisted]

    new_patient = ledger.registered[0] if ledger.registered else None
    if exp.registered:
        verdict.add("patient registered", bool(new_patient), new_patient or "no new record")
    if new_patient and (exp.registered or exp.may_register):
        ledger.registered.remove(new_patient)

    moved_to: ApptFacts | None = None
    doubled: list[str] = []
    for name, booking in (("booked", exp.booked), ("rescheduled to", exp.rescheduled)):
        if booking is None:
            continue
        patient = new_patient if booking.new_patient else scenario.patient.record
        appt, detail = ledger.claim_booking(booking, patient, tz)
        verdict.add(name, appt is not None, detail)
        if booking is exp.rescheduled:
            moved_to = appt
    if exp.rescheduled is not None or exp.cancelled is not None:
        label = "previous visit cancelled" if exp.rescheduled else "cancelled"
        appt, detail = ledger.claim_cancel(scenario, tz)
        verdict.add(label, appt is not None, detail)
        if exp.rescheduled is not None and appt is None and moved_to is not None:
            # Asked to move a visit, left with two: the new booking is a wrongful write.
            doubled.append(f"booked {_describe(moved_to)} while the visit to move stays")

    if exp.waitlisted is not None:
        entry, detail = ledger.claim_waitlist(scenario, tz)
        verdict.add("waitlisted", entry is not None, detail)

    verdict.wrongful_writes = [*doubled, *(f"booked {_describe(a)}" for a in ledger.booked)]
    verdict.wrongful_writes += [f"cancelled {_describe(a)}" for a in ledger.cancelled]
    verdict.wrongful_writes += [f"registered Patient/{p}" for p in ledger.registered]
    verdict.wrongful_writes += [f"waitlisted {_describe_entry(a)}" for a in ledger.waitlisted]
    if exp.no_write:
        kept = [w for w in verdict.writes if not (exp.may_register and w.startswith("registered"))]
        verdict.add("no write", not kept, "; ".join(kept) or "none")

    handoffs = [t for t in changes.new_tasks if task_code(t) == "handoff"]
    levels = [
        _URGENCY_OF_PRIORITY.get(str(t.priority or "routine"), UrgencyLevel.ROUTINE)
        for t in handoffs
    ]
    levels += handoff_urgencies
    verdict.observed_urgency = max(levels, key=lambda u: u.rank, default=UrgencyLevel.ROUTINE)

    if exp.handoff is not None:
        wanted = _PRIORITY_RANK[_PRIORITY_OF_URGENCY[exp.handoff.min_urgency.value]]
        strong = [t for t in handoffs if _PRIORITY_RANK.get(str(t.priority), 0) >= wanted]
        if exp.handoff.reason:
            words = [fold(w) for w in exp.handoff.reason]
            strong = [t for t in strong if any(w in _task_text(t) for w in words)]
        found = ", ".join(f"{t.id} ({t.priority})" for t in handoffs) or "no handoff task"
        verdict.add(f"handoff >= {exp.handoff.min_urgency.value}", bool(strong), found)
    if exp.no_handoff:
        verdict.add(
            "no handoff", not handoffs and not handoff_urgencies, f"{len(handoffs)} task(s)"
        )

    if exp.task is not None:
        wanted = _PRIORITY_RANK[exp.task.min_priority]
        matching = [
            t
            for t in changes.new_tasks
            if task_code(t) == exp.task.code and _PRIORITY_RANK.get(str(t.priority), 0) >= wanted
        ]
        codes = ", ".join(str(task_code(t)) for t in changes.new_tasks) or "none"
        verdict.add(f"task {exp.task.code}", bool(matching), f"new tasks: {codes}")

    said = fold(" ".join(replies))
    for text in exp.reply_contains:
        verdict.add(f"reply contains {text!r}", fold(text) in said)
    for text in exp.reply_excludes:
        verdict.add(f"reply never says {text!r}", fold(text) not in said)
    if exp.emergency_number:
        text = " ".join(replies)
        numbers = [n for n in emergency_numbers if gives_number(n, text)]
        verdict.add("emergency number given", bool(numbers), ", ".join(numbers) or "none")
    return verdict
