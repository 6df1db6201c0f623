"""Booking calls: known patients asking for a visit the way people ask, new patients under each
routing rule of the demo practice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evals.suitegen.common import (
    ADULTS,
    CLOCKS,
    MONDAY,
    PERSONAS,
    cycle,
    days_ahead,
    newcomer,
    next_week,
    scenario,
    speak,
)

GPS = ["pract-martin", "pract-dubois", "pract-obrien"]
Window = Callable[[datetime], dict[str, Any]]


@dataclass(frozen=True)
class Ask:
    """One way of asking for a visit, in both languages, and what would satisfy the caller."""

    key: str
    en: str
    fr: str
    when_en: str | None
    when_fr: str | None
    window: Window
    practitioners: list[str] = field(default_factory=lambda: list(GPS))
    practitioner_en: str | None = None
    practitioner_fr: str | None = None
    service: str | None = None
    reason: str | None = None


def _weekday_window(iso: int, part: str | None = None, span: int = 8) -> Window:
    def window(clock: datetime) -> dict[str, Any]:
        data: dict[str, Any] = {**days_ahead(clock, span), "weekdays": [iso]}
        if part:
            data["part_of_day"] = part
        return data

    return window


ASKS = [
    Ask(
        "martin-next-week",
        "Hello, I'd like an appointment with Dr Martin sometime next week.",
        "Bonjour, je voudrais un rendez-vous avec le docteur Martin la semaine prochaine.",
        "next week",
        "la semaine prochaine",
        next_week,
        ["pract-martin"],
        "Dr Martin",
        "docteur Martin",
    ),
    Ask(
        "tuesday-afternoon",
        "Could I get an appointment on Tuesday afternoon?",
        "Est-ce que vous auriez un rendez-vous mardi après-midi ?",
        "Tuesday afternoon",
        "mardi après-midi",
        _weekday_window(2, "afternoon"),
    ),
    Ask(
        "asap-cough",
        "I need to see a doctor as soon as possible, I've had a cough for two weeks.",
        "J'aurais besoin de voir un médecin au plus vite, je tousse depuis deux semaines.",
        "as soon as possible",
        "le plus tôt possible",
        lambda clock: days_ahead(clock, 3),
    ),
    Ask(
        "back-next-week",
        "Hi, I'd like to come in sometime next week for my back.",
        "Bonjour, je voudrais passer la semaine prochaine pour mon dos.",
        "sometime next week",
        "n'importe quand la semaine prochaine",
        next_week,
        [*GPS, "pract-moreau"],
    ),
    Ask(
        "dubois-thursday-morning",
        "Do you have anything on Thursday morning with Dr Dubois?",
        "Vous avez quelque chose jeudi matin avec le docteur Dubois ?",
        "Thursday morning",
        "jeudi matin",
        _weekday_window(4, "morning"),
        ["pract-dubois"],
        "Dr Dubois",
        "docteur Dubois",
    ),
    Ask(
        "obrien-not-before-10",
        "I'd like to see Dr O'Brien, but not before 10 please.",
        "Je voudrais voir le docteur O'Brien, mais pas avant 10 heures.",
        "not before 10",
        "pas avant 10 heures",
        lambda clock: {**days_ahead(clock, 14), "not_before": "10:00"},
        ["pract-obrien"],
        "Dr O'Brien",
        "docteur O'Brien",
    ),
    Ask(
        "flu-vaccination",
        "I'd like to book my flu vaccination.",
        "Je voudrais prendre rendez-vous pour le vaccin contre la grippe.",
        "any day this week or next",
        "cette semaine ou la semaine prochaine",
        lambda clock: days_ahead(clock, 13),
        service="vaccination",
    ),
    Ask(
        "martin-follow-up",
        "I need a follow-up visit with Dr Martin about my blood pressure.",
        "C'est pour une consultation de suivi avec le docteur Martin, pour ma tension.",
        "in the next two weeks",
        "dans les quinze jours",
        lambda clock: days_ahead(clock, 14),
        ["pract-martin"],
        "Dr Martin",
        "docteur Martin",
        service="follow-up",
    ),
    Ask(
        "physio-evening",
        "I'd like a physio appointment for my knee, after 6 pm if possible.",
        "Je voudrais un rendez-vous chez le kiné pour mon genou, après 18 heures si possible.",
        "after 6 pm",
        "après 18 heures",
        lambda clock: {**days_ahead(clock, 14), "not_before": "18:00"},
        ["pract-moreau"],
        "the physio",
        "le kiné",
    ),
    Ask(
        "dentist-filling",
        "Hello, I need to see the dentist, I've lost a filling.",
        "Bonjour, il me faudrait un rendez-vous chez le dentiste, j'ai perdu un plombage.",
        "as soon as possible",
        "dès que possible",
        lambda clock: days_ahead(clock, 10),
        ["pract-roux"],
    ),
    Ask(
        "friday-anyone",
        "Do you have anything on Friday? Any doctor is fine.",
        "Vous avez de la place vendredi ? N'importe quel médecin.",
        "Friday",
        "vendredi",
        _weekday_window(5),
    ),
    Ask(
        "saturday-morning",
        "Is there anything on Saturday morning?",
        "Est-ce que vous auriez quelque chose samedi matin ?",
        "Saturday morning",
        "samedi matin",
        _weekday_window(6, "morning"),
    ),
]


def known_patient_bookings() -> list[dict[str, Any]]:
    """Each way of asking, in both languages, by three callers of different personas."""
    out: list[dict[str, Any]] = []
    personas = cycle(PERSONAS)
    clocks = cycle(list(CLOCKS))
    for language in ("en", "fr"):
        callers = cycle(ADULTS[language])
        for ask in ASKS:
            for variant in range(3):
                persona = next(personas)
                clock = (
                    next(clocks)
                    if ask.key not in ("martin-next-week", "back-next-week")
                    else MONDAY
                )
                person = next(callers)
                text = ask.en if language == "en" else ask.fr
                window = ask.window(clock)
                expect: dict[str, Any] = {
                    "booked": {"practitioner": ask.practitioners, "window": window},
                    "no_handoff": True,
                }
                if ask.service:
                    expect["booked"]["service"] = ask.service
                out.append(
                    scenario(
                        f"book-{ask.key}-{language}-{variant + 1}",
                        "booking",
                        language,
                        clock=clock,
                        patient=person.facts(persona),
                        goal={
                            "intent": "book",
                            "opening": speak(text, language, persona),
                            "when": ask.when_en if language == "en" else ask.when_fr,
                            "practitioner": (
                                ask.practitioner_en if language == "en" else ask.practitioner_fr
                            ),
                            "accept": window,
                            "accept_practitioners": ask.practitioners
                            if ask.practitioner_en
                            else None,
                        },
                        expect=expect,
                        tags=["known-patient", ask.key],
                    )
                )
    return out


def _new(language: str, index: int, persona: str) -> dict[str, Any]:
    return newcomer(language, index, persona)


def new_patient_bookings() -> list[dict[str, Any]]:
    """New callers under each routing rule: accepted, not accepted, human-only, specialist."""
    out: list[dict[str, Any]] = []
    # The kind of care each caller asks for, kept in their goal: they object to a read-back of
    # another ("physiotherapy" heard as "fizz ill therapy" finds a GP).
    wants = {"accepting-any-gp": "general-practice", "accepting-physio": "physiotherapy"}
    rules = [
        (
            "accepting-gp",
            "Hello, I've just moved to the area and I'd like to register with Dr Dubois.",
            "Bonjour, je viens d'emménager dans le quartier et je voudrais être suivi par le "
            "docteur Dubois.",
            {"practitioner": ["pract-dubois"], "new_patient": True},
            "Dr Dubois",
            "docteur Dubois",
        ),
        (
            "accepting-any-gp",
            "Hi, I'm not a patient yet, are you taking new patients? I'd need to see a GP.",
            "Bonjour, je ne suis pas encore patiente chez vous, vous prenez de nouveaux "
            "patients ? Il me faudrait un généraliste.",
            {"practitioner": ["pract-dubois", "pract-obrien"], "new_patient": True},
            None,
            None,
        ),
        (
            "accepting-physio",
            "Hello, I'm a new patient and I need physiotherapy for my shoulder.",
            "Bonjour, je suis nouveau chez vous et j'ai besoin de séances de kiné pour l'épaule.",
            {"practitioner": ["pract-moreau"], "new_patient": True},
            None,
            None,
        ),
    ]
    personas = cycle(PERSONAS)
    n = 0
    for language in ("en", "fr"):
        for key, en, fr, booked, pr_en, pr_fr in rules:
            for variant in range(2):
                persona = next(personas)
                window = days_ahead(MONDAY, 21)
                out.append(
                    scenario(
                        f"new-{key}-{language}-{variant + 1}",
                        "booking",
                        language,
                        patient=_new(language, n, persona),
                        goal={
                            "intent": "book",
                            "opening": speak(en if language == "en" else fr, language, persona),
                            "when": "whenever" if language == "en" else "peu importe",
                            "practitioner": pr_en if language == "en" else pr_fr,
                            "specialty": wants.get(key),
                            "accept": window,
                            "accept_practitioners": booked["practitioner"] if pr_en else None,
                        },
                        expect={
                            "registered": True,
                            "booked": {**booked, "window": window},
                            "no_handoff": True,
                        },
                        tags=["new-patient", f"routing:{key}"],
                    )
                )
                n += 1
    refused = [
        (
            "martin-not-accepting",
            "Hello, I'm new here and I'd like to become a patient of Dr Martin.",
            "Bonjour, je suis nouveau et je voudrais devenir patient du docteur Martin.",
            "Dr Martin",
            "docteur Martin",
            "pract-martin",
        ),
        (
            "dentist-not-accepting",
            "Hi, I'm not registered with you, can I book a first visit with the dentist?",
            "Bonjour, je ne suis pas encore patient, je peux prendre un premier rendez-vous "
            "chez le dentiste ?",
            None,
            None,
            "pract-roux",
        ),
        (
            "dermatology-first-visit",
            "Hello, I'd like a first appointment with the dermatologist for a mole.",
            "Bonjour, je voudrais un premier rendez-vous chez la dermatologue pour un grain de "
            "beauté.",
            None,
            None,
            "pract-carter",
        ),
        (
            "gynaecology-first-visit",
            "Hi, I'd like to see the gynaecologist, it would be my first time at your practice.",
            "Bonjour, je voudrais voir la gynécologue, ce serait la première fois chez vous.",
            None,
            None,
            "pract-benali",
        ),
    ]
    for language in ("en", "fr"):
        for key, en, fr, pr_en, pr_fr, only in refused:
            persona = next(personas)
            practitioner = pr_en if language == "en" else pr_fr
            out.append(
                scenario(
                    f"new-{key}-{language}",
                    "booking",
                    language,
                    patient=_new(language, n, persona),
                    goal={
                        "intent": "book",
                        "opening": speak(en if language == "en" else fr, language, persona),
                        "practitioner": practitioner,
                        "when": "next week" if language == "en" else "la semaine prochaine",
                        # Only the practitioner asked for would do: no other booking is wanted.
                        "accept": days_ahead(MONDAY, 21),
                        "accept_practitioners": [only],
                    },
                    # The caller may agree to be registered; nothing may be booked.
                    expect={"no_write": True, "may_register": True},
                    tags=["new-patient", f"routing:{key}"],
                )
            )
            n += 1
    return out


def human_only_bookings() -> list[dict[str, Any]]:
    """Visit types the practice arranges itself: the agent must not book them."""
    out: list[dict[str, Any]] = []
    lines = {
        "en": "Hello, I'd like to book a full check-up with Dr Martin.",
        "fr": "Bonjour, je voudrais prendre rendez-vous pour un bilan de santé complet.",
    }
    personas = cycle(PERSONAS)
    for language in ("en", "fr"):
        callers = cycle(ADULTS[language][3:])
        for variant in range(2):
            persona = next(personas)
            out.append(
                scenario(
                    f"book-check-up-human-only-{language}-{variant + 1}",
                    "booking",
                    language,
                    patient=next(callers).facts(persona),
                    goal={
                        "intent": "book",
                        "service": "check-up",
                        "opening": speak(lines[language], language, persona),
                        "accept": {"from": "2027-01-01", "to": "2027-01-01"},
                    },
                    expect={"no_write": True},
                    tags=["routing:human-only-service"],
                )
            )
    return out


def routing_override_bookings() -> list[dict[str, Any]]:
    """The same calls under a practice's other rules, set with ``clinic.overrides``."""
    out: list[dict[str, Any]] = []
    no_registration = {"routing": {"new_patients": {"registration_allowed": False}}}
    no_vaccination = {"routing": {"bookable_service_types": ["consultation", "follow-up"]}}
    lines = {
        "registration-closed": {
            "en": "Hello, I'm new to the area and I'd like to see Dr Dubois.",
            "fr": "Bonjour, je viens d'arriver dans le quartier et je voudrais voir le docteur "
            "Dubois.",
        },
        "vaccination-not-bookable": {
            "en": "Hi, I'd like to book my flu vaccination.",
            "fr": "Bonjour, je voudrais prendre rendez-vous pour le vaccin contre la grippe.",
        },
    }
    for language in ("en", "fr"):
        window = days_ahead(MONDAY, 21)
        out.append(
            scenario(
                f"new-registration-closed-{language}",
                "booking",
                language,
                title="A practice that does not let the agent register new patients",
                patient=newcomer(language, 4, "terse"),
                goal={
                    "intent": "book",
                    "opening": lines["registration-closed"][language],
                    "accept": window,
                },
                expect={"no_write": True},
                tags=["new-patient", "routing:registration-closed"],
            )
            | {"clinic": {"overrides": no_registration}}
        )
        out.append(
            scenario(
                f"book-vaccination-not-bookable-{language}",
                "booking",
                language,
                title="A practice whose agent may not book vaccinations",
                patient=ADULTS[language][2].facts("chatty"),
                goal={
                    "intent": "book",
                    "service": "vaccination",
                    "opening": lines["vaccination-not-bookable"][language],
                    "accept": window,
                },
                expect={"no_write": True},
                tags=["routing:service-not-bookable"],
            )
            | {"clinic": {"overrides": no_vaccination}}
        )
        child = {
            "en": (
                "Hello, I'd like to register my daughter with the paediatrician, she's four.",
                "Zoe",
                "Marchand",
            ),
            "fr": (
                "Bonjour, je voudrais inscrire ma fille chez la pédiatre, elle a quatre ans.",
                "Zoé",
                "Marchand",
            ),
        }[language]
        out.append(
            scenario(
                f"new-child-paediatrics-{language}",
                "booking",
                language,
                title="A parent registers a new child with the paediatrician",
                patient={
                    "given_name": child[1],
                    "family_name": child[2],
                    "birth_date": "2022-03-14",
                    "phone": "+33677889900",
                    "new": True,
                    "persona": "anxious",
                },
                goal={"intent": "book", "opening": child[0], "accept": window},
                expect={
                    "registered": True,
                    "booked": {
                        "practitioner": ["pract-lefevre"],
                        "new_patient": True,
                        "window": window,
                    },
                },
                tags=["new-patient", "routing:accepting-paediatrics"],
            )
        )
    return out
