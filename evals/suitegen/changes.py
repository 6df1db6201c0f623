"""Changes to existing visits: cancel, move, check. Built from the seeded calendar itself, so
every scenario names a visit that really is in the store."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from agent.replies.dates import MONTHS, WEEKDAYS
from evals.state import ApptFacts, appt_facts
from evals.suitegen.common import MONDAY, PERSONAS, START, TZ, Person, cycle, next_week, scenario
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo import build_demo_clinic, seed_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend


def spoken_day(day: date, language: str) -> str:
    """ "Thursday 26 November" / "jeudi 26 novembre" (how the agent reads a date back)."""
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{WEEKDAYS[language][day.weekday()]} {number} {MONTHS[language][day.month - 1]}"


@dataclass(frozen=True)
class Visit:
    """A seeded appointment and its patient."""

    person: Person
    practitioner: str
    start: datetime
    service: str | None


async def _seeded() -> list[ApptFacts]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(datetime.combine(START, time(0, 0), tzinfo=TZ))
        backend = EmbeddedBackend(Path(tmp) / "s.sqlite", tz="Europe/Paris", clock=clock)
        await seed_demo_clinic(backend, seed=42, tz="Europe/Paris", start=START, weeks=4)
        views = await backend.list_appointments(limit=1000)
        await backend.close()
    return [appt_facts(view.appointment) for view in views]


def seeded_visits() -> list[Visit]:
    """Upcoming visits of adult patients in the seeded calendar, as of Monday's clock."""
    clinic = build_demo_clinic(seed=42, start=START, weeks=4)
    people = {}
    for p in clinic.patients:
        born = p.birthDate
        assert isinstance(born, date)
        if (MONDAY.date() - born).days >= 18 * 365:
            name = (p.name or [])[0]
            phone = p.telecom[0].value if p.telecom else ""
            given = str((name.given or [""])[0])
            people[str(p.id)] = Person(str(p.id), given, str(name.family), born, str(phone))
    visits = [
        Visit(people[a.patient_id], str(a.practitioner_id), a.start.astimezone(TZ), a.service_type)
        for a in asyncio.run(_seeded())
        if a.patient_id in people and a.start and a.start > MONDAY and a.service_type != "check-up"
    ]
    return sorted(visits, key=lambda v: (v.start, v.person.record))


LINES = {
    "cancel": {
        "en": "Hello, I need to cancel my appointment on {day}.",
        "fr": "Bonjour, je dois annuler mon rendez-vous de {day}.",
    },
    "cancel-vague": {
        "en": "Hi, I won't be able to make my appointment, can you cancel it?",
        "fr": "Bonjour, je ne pourrai pas venir à mon rendez-vous, vous pouvez l'annuler ?",
    },
    "move": {
        "en": "Hello, I'd like to move my appointment on {day} to next week.",
        "fr": "Bonjour, je voudrais décaler mon rendez-vous de {day} à la semaine prochaine.",
    },
    "check": {
        "en": "Hi, I can't remember when my next appointment is, could you tell me?",
        "fr": "Bonjour, je ne sais plus quand est mon prochain rendez-vous, vous pouvez me dire ?",
    },
}


def change_scenarios() -> list[dict[str, Any]]:
    """Cancel, move and check every adult's upcoming visit, in both languages."""
    visits = seeded_visits()
    by_patient: dict[str, list[Visit]] = {}
    for visit in visits:
        by_patient.setdefault(visit.person.record, []).append(visit)
    out: list[dict[str, Any]] = []
    personas = cycle(PERSONAS)
    for visit in visits:
        several = len(by_patient[visit.person.record]) > 1
        day = visit.start.date()
        for language in ("en", "fr"):
            spoken = spoken_day(day, language)
            persona = next(personas)
            base = f"{visit.person.record}-{day:%m%d}-{language}"
            cancel_line = "cancel" if several or persona != "terse" else "cancel-vague"
            out.append(
                scenario(
                    f"cancel-{base}",
                    "changes",
                    language,
                    patient=visit.person.facts(persona),
                    goal={
                        "intent": "cancel",
                        "opening": LINES[cancel_line][language].format(day=spoken),
                        "appointment_on": day.isoformat(),
                    },
                    expect={"cancelled": {"on": day.isoformat()}, "no_handoff": True},
                    tags=["cancel", *(["several-visits"] if several else [])],
                )
            )
            window = next_week(MONDAY)
            out.append(
                scenario(
                    f"move-{base}",
                    "changes",
                    language,
                    patient=visit.person.facts(next(personas)),
                    goal={
                        "intent": "reschedule",
                        "opening": LINES["move"][language].format(day=spoken),
                        "appointment_on": day.isoformat(),
                        "when": "next week" if language == "en" else "la semaine prochaine",
                        "accept": window,
                        "accept_practitioners": [visit.practitioner],
                    },
                    expect={
                        "rescheduled": {"practitioner": visit.practitioner, "window": window},
                        "cancelled": {"on": day.isoformat()},
                        "no_handoff": True,
                    },
                    tags=["reschedule", *(["several-visits"] if several else [])],
                )
            )
        if not several or visit is by_patient[visit.person.record][0]:
            language = "fr" if len(out) % 4 else "en"
            out.append(
                scenario(
                    f"check-{visit.person.record}-{language}",
                    "changes",
                    language,
                    patient=visit.person.facts(next(personas)),
                    goal={"intent": "check", "opening": LINES["check"][language]},
                    expect={
                        "no_write": True,
                        "no_handoff": True,
                        "reply_contains": [spoken_day(day, language)],
                    },
                    tags=["check"],
                )
            )
    return out
