"""Natural changes to existing visits: reschedules in everyday words (always a move, never a
second booking), cancellations and checks in other words, and a booking request next to an
existing visit with the same practitioner (the agent offers to move it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from agent.replies.dates import WEEKDAYS
from evals.suitegen.changes import Visit, seeded_visits, spoken_day
from evals.suitegen.common import scenario
from evals.suitegen.natural.common import TODAY, day, window

Said = tuple[str, str | None, dict[str, Any]]
"""(opening, what they say when asked when, acceptable window)."""


def _wd(v: Visit, language: str) -> str:
    """The visit's day as a caller names it: the weekday this week, the full date later."""
    if (v.start.date() - TODAY).days < 6:
        return WEEKDAYS[language][v.start.weekday()].capitalize()
    return spoken_day(v.start.date(), language)


def _later_same_day(v: Visit) -> dict[str, Any]:
    after = (v.start + timedelta(minutes=20)).strftime("%H:%M")
    return window(v.start.date(), not_before=after)


def _offset(v: Visit, first: int, last: int) -> dict[str, Any]:
    d = v.start.date()
    return window(d + timedelta(days=first), d + timedelta(days=last))


def _monday_after(v: Visit) -> tuple[str, dict[str, Any]]:
    d = v.start.date()
    monday = d + timedelta(days=7 - d.weekday())
    return str(monday.day), window(monday)


EN: list[tuple[str, Callable[[Visit], Said]]] = [
    (
        "push-back-week",
        lambda v: (
            f"Can we push my appointment on {_wd(v, 'en')} back a week?",
            "a week later",
            _offset(v, 4, 10),
        ),
    ),
    (
        "cant-make-it",
        lambda v: (
            f"I can't make {_wd(v, 'en')}, what else have you got?",
            "any other day in the next two weeks",
            _offset(v, 1, 15),
        ),
    ),
    (
        "monday-instead",
        lambda v: (
            f"Can we do Monday the {_monday_after(v)[0]} instead of {_wd(v, 'en')}?",
            None,
            _monday_after(v)[1],
        ),
    ),
    (
        "later-in-day",
        lambda v: (
            f"My appointment on {_wd(v, 'en')}, can we move it later in the day?",
            "later that day",
            _later_same_day(v),
        ),
    ),
    (
        "come-up",
        lambda v: (
            f"Something's come up on {_wd(v, 'en')}, could we find another time?",
            "the following days",
            _offset(v, 1, 14),
        ),
    ),
    (
        "bring-forward",
        lambda v: (
            "Could I come in earlier than my appointment? Like, sooner?",
            "sooner, any day before",
            window(TODAY, v.start.date()),
        ),
    ),
]
FR: list[tuple[str, Callable[[Visit], Said]]] = [
    (
        "decaler-a",
        lambda v: (
            f"Je voudrais décaler mon rendez-vous de {_wd(v, 'fr')} à lundi {_monday_after(v)[0]}.",
            None,
            _monday_after(v)[1],
        ),
    ),
    (
        "repousser-semaine",
        lambda v: (
            "Il faudrait repousser mon rendez-vous d'une semaine.",
            "une semaine plus tard",
            _offset(v, 4, 10),
        ),
    ),
    (
        "changer-seance",
        lambda v: (
            f"Je voudrais changer ma séance de {_wd(v, 'fr')}.",
            "dans les deux semaines qui suivent",
            _offset(v, 1, 15),
        ),
    ),
    (
        "peux-pas",
        lambda v: (
            f"Je ne peux pas {_wd(v, 'fr')}, vous auriez autre chose ?",
            "un autre jour dans les deux semaines",
            _offset(v, 1, 15),
        ),
    ),
    (
        "plus-tard-journee",
        lambda v: (
            f"Mon rendez-vous de {_wd(v, 'fr')}, on peut le mettre plus tard dans la journée ?",
            "plus tard le même jour",
            _later_same_day(v),
        ),
    ),
    (
        "avancer",
        lambda v: (
            "Est-ce qu'on pourrait avancer mon rendez-vous ?",
            "plus tôt, n'importe quel jour avant",
            window(TODAY, v.start.date()),
        ),
    ),
]
# Which seeded visits each phrasing is tried on (records), so every window has free slots.
USES = {
    "push-back-week": ["pat-0036", "pat-0023"],
    "cant-make-it": ["pat-0038", "pat-0001"],
    "monday-instead": ["pat-0036", "pat-0024"],
    "later-in-day": ["pat-0036", "pat-0023"],
    "come-up": ["pat-0038", "pat-0024"],
    "bring-forward": ["pat-0024", "pat-0030"],
    "decaler-a": ["pat-0038", "pat-0001"],
    "repousser-semaine": ["pat-0023", "pat-0036"],
    "changer-seance": ["pat-0023", "pat-0024"],
    "peux-pas": ["pat-0036", "pat-0038"],
    "plus-tard-journee": ["pat-0023", "pat-0038"],
    "avancer": ["pat-0024", "pat-0030"],
}
CANCEL = {
    "en": [
        "Take me off the list for {day}.",
        "I won't be coming on {day}, please let the doctor know.",
        "Please scratch my appointment on {day}.",
        "You can give my slot on {day} to someone else.",
        "I'm not going to make it on {day}, sorry.",
    ],
    "fr": [
        "Je ne pourrai pas venir {day}, je suis hospitalisé.",
        "Vous pouvez me retirer du planning de {day} ?",
        "Je ne viendrai pas {day}, vous pouvez enlever mon rendez-vous.",
        "Vous pouvez donner ma place de {day} à quelqu'un d'autre.",
        "Finalement je ne viendrai pas {day}, désolé.",
    ],
}
CHECK = {
    "en": [
        "When am I booked in?",
        "I've lost my card, when's my appointment?",
        "What time am I seeing the doctor?",
    ],
    "fr": [
        "C'est quand déjà mon rendez-vous ?",
        "J'ai perdu mon carton, c'était quel jour ?",
        "À quelle heure je dois venir déjà ?",
    ],
}
NEARBY = [
    (
        "pat-0036",
        "pract-martin",
        4,
        "I'd like an appointment with Dr Martin on Friday.",
        "Je voudrais un rendez-vous avec le docteur Martin vendredi.",
    ),
    (
        "pat-0038",
        "pract-dubois",
        2,
        "Can I see Dr Dubois on Wednesday?",
        "Je peux voir le docteur Dubois mercredi ?",
    ),
    (
        "pat-0023",
        "pract-moreau",
        4,
        "I'd like a session with Camille Moreau on Friday.",
        "Je voudrais une séance avec Camille Moreau vendredi.",
    ),
]


def _first_visit(visits: list[Visit], record: str) -> Visit:
    return next(v for v in visits if v.person.record == record)


def _move(sid: str, language: str, v: Visit, said: Said, persona: str) -> dict[str, Any]:
    opening, when, accept = said
    return scenario(
        f"natural-{sid}-{v.person.record}-{language}",
        "changes",
        language,
        patient=v.person.facts(persona),
        goal={
            "intent": "reschedule",
            "opening": opening,
            "when": when,
            "accept": accept,
            "appointment_on": v.start.date().isoformat(),
            "accept_practitioners": [v.practitioner],
        },
        expect={
            "rescheduled": {"practitioner": v.practitioner, "window": accept},
            "cancelled": {"on": v.start.date().isoformat()},
        },
        tags=["natural", "reschedule"],
    )


def change_scenarios() -> list[dict[str, Any]]:
    """Every natural change scenario, French and English."""
    visits = seeded_visits()
    out = []
    personas = ("terse", "chatty", "elderly", "anxious")
    for language, bank in (("en", EN), ("fr", FR)):
        for i, (key, build) in enumerate(bank):
            for j, record in enumerate(USES[key]):
                v = _first_visit(visits, record)
                out.append(_move(key, language, v, build(v), personas[(i + j) % 4]))
    cancellable = ["pat-0036", "pat-0038", "pat-0023", "pat-0001", "pat-0024"]
    for language in ("en", "fr"):
        for i, line in enumerate(CANCEL[language]):
            v = _first_visit(visits, cancellable[i])
            on = v.start.date().isoformat()
            out.append(
                scenario(
                    f"natural-cancel-{i}-{language}",
                    "changes",
                    language,
                    patient=v.person.facts(personas[i % 4]),
                    goal={
                        "intent": "cancel",
                        "opening": line.format(day=_wd(v, language)),
                        "appointment_on": on,
                    },
                    expect={"cancelled": {"on": on}},
                    tags=["natural", "cancel-other-words"],
                )
            )
        for i, line in enumerate(CHECK[language]):
            v = _first_visit(visits, cancellable[i + 1])
            out.append(
                scenario(
                    f"natural-check-{i}-{language}",
                    "changes",
                    language,
                    patient=v.person.facts(personas[i % 4]),
                    goal={"intent": "check", "opening": line},
                    expect={
                        "no_write": True,
                        "reply_contains": [spoken_day(v.start.date(), language)],
                    },
                    tags=["natural", "check"],
                )
            )
        for record, practitioner, offset, en, fr in NEARBY:
            v = _first_visit(visits, record)
            accept = window(day(offset))
            out.append(
                scenario(
                    f"natural-nearby-{record}-{language}",
                    "changes",
                    language,
                    patient=v.person.facts("terse"),
                    goal={
                        "intent": "book",
                        "opening": en if language == "en" else fr,
                        "accept": accept,
                        "accept_practitioners": [practitioner],
                        "appointment_on": v.start.date().isoformat(),
                        "move_existing": True,
                    },
                    expect={
                        "rescheduled": {"practitioner": practitioner, "window": accept},
                        "cancelled": {"on": v.start.date().isoformat()},
                    },
                    tags=["natural", "nearby-existing"],
                )
            )
    return out
