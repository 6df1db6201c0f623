"""Shared pieces of the suite generator: the fixed clocks, the demo cast, scenario dicts.

The generator writes plain YAML a QA engineer can read and edit; nothing here is needed to
run a suite. Everything is deterministic: the same code writes the same files.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from evals.scenario import Persona

TZ = ZoneInfo("Europe/Paris")
START = date(2026, 11, 23)  # Monday: first day of the seeded calendar for every scenario
CLOCKS = (
    datetime(2026, 11, 23, 9, 10, tzinfo=TZ),  # Monday morning rush
    datetime(2026, 11, 24, 14, 30, tzinfo=TZ),  # Tuesday afternoon
    datetime(2026, 11, 26, 11, 0, tzinfo=TZ),  # Thursday late morning
)
MONDAY = CLOCKS[0]
PERSONAS = [p.value for p in Persona]


@dataclass(frozen=True)
class Person:
    """A demo patient as a caller knows themself."""

    record: str
    given: str
    family: str
    born: date
    phone: str

    def facts(self, persona: str) -> dict[str, Any]:
        return {
            "record": self.record,
            "given_name": self.given,
            "family_name": self.family,
            "birth_date": self.born.isoformat(),
            "phone": self.phone,
            "persona": persona,
        }


def _p(record: str, given: str, family: str, born: str, phone: str) -> Person:
    return Person(record, given, family, date.fromisoformat(born), phone)


# Adults of the demo cast with no visit in the seeded calendar (bookings start clean).
FR_ADULTS = [
    _p("pat-0005", "Élodie", "Fournier", "1986-11-30", "+33612000005"),
    _p("pat-0009", "Chloé", "Nguyen", "1995-12-05", "+33612000009"),
    _p("pat-0010", "Marguerite", "Rousseau", "1941-06-19", "+33612000010"),
    _p("pat-0013", "Léa", "Vincent", "1988-04-05", "+33612009928"),
    _p("pat-0014", "Adrien", "Hébert", "1963-04-07", "+33612003615"),
    _p("pat-0017", "Étienne", "Le Gall", "1976-05-15", "+33612002291"),
    _p("pat-0019", "Clément", "Dumas", "1948-02-29", "+33612004814"),
    _p("pat-0027", "Sébastien", "Perrin", "1993-06-03", "+33612007543"),
    _p("pat-0028", "Françoise", "Michel", "1958-02-03", "+33612002489"),
    _p("pat-0031", "Émilie", "Simon", "1958-07-14", "+33612009797"),
    _p("pat-0034", "Inès", "Laurent", "1977-07-04", "+33612003646"),
    _p("pat-0041", "Manon", "Bonnet", "1962-05-24", "+33612002163"),
    _p("pat-0045", "Sébastien", "Mercier", "1965-06-27", "+33612001887"),
    _p("pat-0047", "Léa", "Faure", "1985-08-25", "+33612009786"),
]
EN_ADULTS = [
    _p("pat-0008", "Michael", "Brown", "1972-08-25", "+447700100008"),
    _p("pat-0016", "Sophie", "Walker", "2002-03-02", "+447700100718"),
    _p("pat-0020", "Thomas", "Murphy", "1993-03-02", "+447700100954"),
    _p("pat-0021", "George", "Murphy", "1962-12-07", "+447700100373"),
    _p("pat-0029", "Emma", "Murphy", "1954-11-02", "+447700100263"),
    _p("pat-0048", "Olivia", "Thompson", "1947-06-11", "+447700100355"),
    _p("pat-0050", "Grace", "Wilson", "1982-04-30", "+447700100516"),
]
ADULTS = {"fr": FR_ADULTS, "en": EN_ADULTS}

# New callers: nobody of that name is in the demo store.
NEWCOMERS = {
    "fr": [
        ("Julien", "Marchand", "1984-02-11", "+33611223344"),
        ("Sandrine", "Lopez", "1979-09-23", "+33622334455"),
        ("Karim", "Haddad", "1990-12-01", "+33633445566"),
        ("Aurélie", "Blanc", "1996-05-17", "+33644556677"),
        ("Pierre", "Caron", "1969-03-08", "+33655667788"),
        ("Nadia", "Roche", "2001-07-29", "+33666778899"),
    ],
    "en": [
        ("Rachel", "Green", "1987-05-05", "+447700200111"),
        ("Daniel", "Okafor", "1992-10-14", "+447700200222"),
        ("Hannah", "Price", "1975-01-30", "+447700200333"),
        ("Liam", "Foster", "1999-08-19", "+447700200444"),
        ("Megan", "Shaw", "1983-11-02", "+447700200555"),
        ("Owen", "Bell", "1970-04-26", "+447700200666"),
    ],
}


def newcomer(language: str, index: int, persona: str) -> dict[str, Any]:
    """Facts of a caller who is not yet a patient."""
    given, family, born, phone = NEWCOMERS[language][index % len(NEWCOMERS[language])]
    return {
        "given_name": given,
        "family_name": family,
        "birth_date": born,
        "phone": phone,
        "new": True,
        "persona": persona,
    }


def cycle(values: list[Any]) -> itertools.cycle[Any]:
    """Round-robin over ``values`` (personas, patients, clocks)."""
    return itertools.cycle(values)


def next_week(clock: datetime) -> dict[str, str]:
    """Monday to Sunday of the week after ``clock``'s."""
    monday = clock.date() - timedelta(days=clock.weekday()) + timedelta(days=7)
    return {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat()}


def days_ahead(clock: datetime, days: int) -> dict[str, str]:
    """From ``clock``'s day to ``days`` later, inclusive."""
    return {
        "from": clock.date().isoformat(),
        "to": (clock.date() + timedelta(days=days)).isoformat(),
    }


def scenario(
    sid: str,
    category: str,
    language: str,
    *,
    goal: dict[str, Any],
    expect: dict[str, Any],
    patient: dict[str, Any] | None = None,
    clock: datetime = MONDAY,
    title: str | None = None,
    speech: dict[str, Any] | None = None,
    hooks: list[dict[str, Any]] | None = None,
    tags: list[str] | None = None,
) -> dict[str, Any]:
    """One scenario as the YAML mapping the loader reads."""
    data: dict[str, Any] = {"id": sid}
    if title:
        data["title"] = title
    data.update(category=category, language=language, clock=clock.isoformat())
    if patient:
        data["patient"] = patient
    data["goal"] = {k: v for k, v in goal.items() if v is not None}
    if speech:
        data["speech"] = speech
    if hooks:
        data["hooks"] = hooks
    data["expect"] = expect
    if tags:
        data["tags"] = tags
    return data


NON_NATIVE = {
    "en": [
        ("I'd like", "I want"),
        ("Could I get", "Is possible to have"),
        ("an appointment", "appointment"),
        ("Do you have", "You have"),
        ("I need to", "I must"),
    ],
    "fr": [
        ("Je voudrais", "Moi je veux"),
        ("Est-ce que vous auriez", "Vous avez"),
        ("J'aurais besoin", "Il faut pour moi"),
        ("je dois", "moi je dois"),
    ],
}
PREFIX = {
    "en": {
        "terse": "",
        "chatty": "Hello there, lovely to get through! ",
        "confused": "Um, hello, sorry... ",
        "elderly": "Hello, dear. ",
        "anxious": "Hi, sorry to bother you. ",
        "non-native": "Hello. ",
    },
    "fr": {
        "terse": "",
        "chatty": "Ah bonjour, oui, alors voilà. ",
        "confused": "Euh, bonjour... ",
        "elderly": "Allô, bonjour madame. ",
        "anxious": "Bonjour, excusez-moi de vous déranger. ",
        "non-native": "Bonjour. ",
    },
}


def speak(text: str, language: str, persona: str) -> str:
    """A template line as the persona says it."""
    if persona == "non-native":
        for plain, broken in NON_NATIVE[language]:
            text = text.replace(plain, broken)
    prefix = PREFIX[language][persona]
    # The persona's own greeting replaces the template's; a terse caller skips it.
    if prefix or persona == "terse":
        for greeting in ("Hello, ", "Hi, ", "Bonjour, "):
            text = text.removeprefix(greeting)
        text = text[:1].upper() + text[1:]
    return prefix + text
