"""Natural bookings: provider kinds, days of the month, approximate times, deferring to the
agent, corrections, doctor names as said, disfluent speech-to-text."""

from __future__ import annotations

from typing import Any

from evals.suitegen.common import scenario
from evals.suitegen.natural.common import (
    GPS,
    NEXT_WEEK,
    NOT_UNDERSTOOD,
    booking,
    day,
    window,
    within,
)

DENTIST, PHYSIO = ["pract-roux"], ["pract-moreau"]
WHEN_NEXT_WEEK = {"en": "next week", "fr": "la semaine prochaine"}

# (key, English opening, French opening, practitioners) ----------------------------------------
PROVIDERS = [
    ("doctor", "I need to find a doctor.", "Je cherche un médecin.", GPS),
    ("dentist", "Can you find me a dentist?", "Il me faudrait un dentiste.", DENTIST),
    ("physician", "I'm looking for a physician.", "Je voudrais voir un généraliste.", GPS),
    ("gp", "Hi, I need to see a GP please.", "Bonjour, il me faudrait un docteur.", GPS),
    (
        "physio",
        "I'm looking for a physio for my shoulder.",
        "Je cherche un kiné pour mon épaule.",
        PHYSIO,
    ),
    ("family-doctor", "Could you find me a family doctor?", "J'ai besoin d'un médecin svp.", GPS),
    (
        "dentist-filling",
        "I need a dentist for a filling.",
        "Je cherche un dentiste pour un plombage.",
        DENTIST,
    ),
    (
        "physio-back",
        "I need a physiotherapist for my back.",
        "J'ai besoin d'un kinésithérapeute pour mon dos.",
        PHYSIO,
    ),
]

# Kinds of care the demo GP practice does not offer: one clear answer, never "didn't catch".
NOT_OFFERED = [
    ("therapist", "Please find a therapist for me.", "Il me faudrait un psy."),
    ("counselor", "I need help finding a family counselor.", "Je cherche un psychologue."),
    ("cardiologist", "I'm looking for a cardiologist.", "Je cherche un cardiologue."),
    ("psychiatrist", "Do you have a psychiatrist?", "Vous avez un psychiatre ?"),
    ("eye-doctor", "I need to see an eye doctor.", "Je voudrais voir un ophtalmo."),
]

# (key, English when, French when, window): days of the month and date + time phrases.
DATES = [
    ("the-3rd", "the 3rd", "le 3", window(day(10))),
    ("the-30th", "on the 30th", "le trente", window(day(7))),
    ("dec-1st", "December 1st", "le 1er décembre", window(day(8))),
    ("2nd-next-month", "the 2nd of next month", "le 2 du mois prochain", window(day(9))),
    ("27th-this-month", "the 27th of this month", "le 27 de ce mois-ci", window(day(4))),
    (
        "3rd-morning-1030",
        "the 3rd of next month, morning 10:30",
        "le 3 au matin, vers 10 h 30",
        window(day(10), not_before="09:30", not_after="11:45"),
    ),
    (
        "30th-afternoon-3",
        "the 30th in the afternoon, around 3",
        "le trente l'après-midi vers quinze heures",
        window(day(7), not_before="13:30", not_after="16:45"),
    ),
    (
        "thursday-one-pm",
        "Thursday at one in the afternoon",
        "jeudi à treize heures",
        window(day(3), not_before="12:00", not_after="15:15"),
    ),
    (
        "friday-half-ten",
        "Friday, half past ten",
        "vendredi à dix heures et demie",
        window(day(4), not_before="09:45", not_after="11:30"),
    ),
    (
        "4th-quarter-past-two",
        "the 4th at quarter past two",
        "le 4 à quatorze heures quinze",
        window(day(11), not_before="13:15", not_after="15:30"),
    ),
]

# Approximate times: the nearest free slots, never "nothing matches".
APPROX = [
    (
        "wed-1230",
        "Wednesday around 12:30 pm",
        "mercredi vers midi et demi",
        window(day(2), not_before="11:15", not_after="14:45"),
    ),
    (
        "fri-about-3",
        "Friday about 3",
        "vendredi vers 15 h",
        window(day(4), not_before="13:45", not_after="16:30"),
    ),
    (
        "thu-early-afternoon",
        "Thursday, early afternoon",
        "jeudi en début d'après-midi",
        window(day(3), not_before="13:00", not_after="15:45"),
    ),
    (
        "mon-after-lunch",
        "Monday the 30th after lunch",
        "lundi 30 après le déjeuner",
        window(day(7), not_before="13:00", not_after="16:30"),
    ),
    (
        "tue-first-thing",
        "Tuesday the 1st, first thing in the morning",
        "mardi 1er à la première heure",
        window(day(8), not_after="10:15"),
    ),
    (
        "fri-late-morning",
        "Friday, late morning",
        "vendredi en fin de matinée",
        window(day(4), not_before="10:15", not_after="12:30"),
    ),
    (
        "wed-2nd-around-5",
        "Wednesday the 2nd around 5",
        "mercredi 2 vers 17 h",
        window(day(9), not_before="15:45", not_after="18:45"),
    ),
    (
        "thu-around-noon",
        "Thursday around noon",
        "jeudi vers midi",
        window(day(3), not_before="10:45", not_after="14:45"),
    ),
]

# Deferring to the agent: (when asked, at the offer) per language.
DEFER = {
    "en": [
        ("Whatever you have first is fine.", "Any of them."),
        ("The earliest you've got.", "Whichever, you pick."),
        ("You choose.", "The first one's fine."),
        ("Anytime, I'm flexible.", "Any of those is fine."),
        ("Doesn't matter, whenever.", "You choose, really."),
        ("First available please.", "Any of them would do."),
        ("Whatever suits you.", "I'm not fussy, pick one."),
    ],
    "fr": [
        ("Le premier qui vient.", "N'importe lequel."),
        ("Ce que vous avez de plus tôt.", "Peu importe, choisissez."),
        ("Comme vous voulez.", "Celui que vous voulez."),
        ("N'importe quand, je suis dispo.", "N'importe lequel, ça m'est égal."),
        ("Peu importe.", "Comme vous voulez."),
        ("Le premier disponible.", "Le premier qui vient."),
        ("Quand vous voulez.", "Choisissez pour moi."),
    ],
}

# Corrections inside the opening: (key, en, fr, window, practitioners).
CORRECTIONS = [
    (
        "tue-no-wed",
        "Could I come in Tuesday, no sorry, Wednesday?",
        "Je pourrais venir mardi, non pardon, mercredi ?",
        window(day(2), weekdays=[3]),
        GPS,
    ),
    (
        "martin-no-dubois",
        "With Dr Martin, actually no, make it Dr Dubois, next week.",
        "Avec le docteur Martin, euh non, plutôt le docteur Dubois, la semaine prochaine.",
        NEXT_WEEK,
        ["pract-dubois"],
    ),
    (
        "thu-morning-no-afternoon",
        "Thursday morning, sorry, I mean afternoon.",
        "Jeudi matin, enfin non, l'après-midi.",
        window(day(3), part="afternoon"),
        GPS,
    ),
    (
        "fri-no-mon",
        "Friday... actually no, Monday the 30th would be better.",
        "Vendredi... ah non, plutôt lundi 30.",
        window(day(7)),
        GPS,
    ),
]
CHANGE_OF_MIND = {
    "en": ("Actually, could we make it Thursday instead?", "Thursday then.", window(day(3))),
    "fr": ("En fait, on pourrait plutôt faire jeudi ?", "Jeudi alors.", window(day(3))),
}
MORNING_INSTEAD = {
    "en": ("Hmm, none of those, I'd rather have a morning.", "A morning, please."),
    "fr": ("Hmm, aucun, je préférerais un matin.", "Un matin, s'il vous plaît."),
}

# Doctor names as said: (key, en, fr, practitioner).
NAMES = [
    ("surname-dubois", "Dubois", "Dubois", "pract-dubois"),
    ("dr-dot-obrien", "Dr. O'Brien", "Dr. O'Brien", "pract-obrien"),
    ("doctor-martin", "Doctor Martin", "Docteur Martin", "pract-martin"),
    ("obrien-no-apostrophe", "doctor obrien", "docteur obrien", "pract-obrien"),
    ("doc-martin", "doc Martin", "le toubib, Martin", "pract-martin"),
    ("with-dubois", "with Dubois", "avec Dubois", "pract-dubois"),
    ("pr-martin", "Pr Martin", "chez Martin", "pract-martin"),
    ("dr-du-bois", "Dr Du Bois", "docteur Du Bois", "pract-dubois"),
]

ASR = {
    "en": [
        (
            "um yeah hi i'd like to uh book a uh appointment with doctor dubois next um tuesday",
            window(day(8)),
            ["pract-dubois"],
        ),
        ("hi so i need to see the doctor next week sometime if thats possible", NEXT_WEEK, GPS),
        (
            "hello yes i was wondering could i come in on thursday the the afternoon",
            window(day(3), part="afternoon"),
            GPS,
        ),
        (
            "yeah hi can i get a appointment with doctor dubois tomorrow no sorry wednesday",
            window(day(2)),
            ["pract-dubois"],
        ),
        (
            "i wanna book appointment for next week please with doctor martin",
            NEXT_WEEK,
            ["pract-martin"],
        ),
    ],
    "fr": [
        (
            "euh bonjour ben je voudrais euh un rendez vous avec le docteur dubois mardi prochain",
            window(day(1), day(8), weekdays=[2]),
            ["pract-dubois"],
        ),
        (
            "oui bonjour alors voila j'aurais besoin de voir un medecin la semaine prochaine",
            NEXT_WEEK,
            GPS,
        ),
        (
            "bonjour euh est ce que je pourrais venir jeudi apres midi",
            window(day(3), part="afternoon"),
            GPS,
        ),
        (
            "allo oui bonjour c'est pour un rendezvous euh avec le docteur martin vendredi matin",
            window(day(4), part="morning"),
            ["pract-martin"],
        ),
        (
            "ben je voudrais un rdv la semaine prochaine avec le docteur du bois",
            NEXT_WEEK,
            ["pract-dubois"],
        ),
    ],
}
OPEN = {
    "en": ["Hi, I'd like an appointment for {when}.", "Could I see a doctor {when}?"],
    "fr": ["Bonjour, je voudrais un rendez-vous {when}.", "Je pourrais voir un médecin {when} ?"],
}


def _providers() -> list[dict[str, Any]]:
    out = []
    for key, en, fr, wanted in PROVIDERS:
        for language, opening in (("en", en), ("fr", fr)):
            out.append(
                booking(
                    f"provider-{key}",
                    language,
                    opening=opening,
                    accept=NEXT_WEEK,
                    practitioners=wanted,
                    when=WHEN_NEXT_WEEK[language],
                    tags=["provider"],
                )
            )
    for key, en, fr in NOT_OFFERED:
        for language, opening in (("en", en), ("fr", fr)):
            out.append(
                scenario(
                    f"natural-not-offered-{key}-{language}",
                    "booking",
                    language,
                    goal={"intent": "other", "opening": opening},
                    expect={"no_write": True, "reply_excludes": NOT_UNDERSTOOD[language]},
                    tags=["natural", "provider", "not-offered"],
                )
            )
    return out


def _dates() -> list[dict[str, Any]]:
    out = []
    for i, (key, en, fr, accept) in enumerate(DATES):
        for language, when in (("en", en), ("fr", fr)):
            said_first = i % 2 == 0
            opening = (
                OPEN[language][i % 2].format(when=when)
                if said_first
                else (
                    "I'd like to make an appointment."
                    if language == "en"
                    else "Je voudrais prendre rendez-vous."
                )
            )
            out.append(
                booking(
                    f"date-{key}",
                    language,
                    opening=opening,
                    accept=accept,
                    when=when,
                    tags=["day-of-month"],
                )
            )
    for i, (key, en, fr, accept) in enumerate(APPROX):
        for language, when in (("en", en), ("fr", fr)):
            opening = OPEN[language][i % 2].format(when=when)
            out.append(
                booking(
                    f"approx-{key}",
                    language,
                    opening=opening,
                    accept=accept,
                    when=when,
                    tags=["approximate-time"],
                )
            )
    return out


def _choices() -> list[dict[str, Any]]:
    out = []
    for language in ("en", "fr"):
        opening = (
            "Hello, I'd like to make an appointment please."
            if language == "en"
            else "Bonjour, je voudrais prendre un rendez-vous s'il vous plaît."
        )
        for i, (when, pick) in enumerate(DEFER[language]):
            out.append(
                booking(
                    f"defer-{i}",
                    language,
                    opening=opening,
                    accept=within(21),
                    when=when,
                    goal={"pick": pick},
                    tags=["defer"],
                )
            )
        for key, en, fr, accept, wanted in CORRECTIONS:
            out.append(
                booking(
                    f"correct-{key}",
                    language,
                    opening=en if language == "en" else fr,
                    accept=accept,
                    practitioners=wanted,
                    tags=["correction"],
                )
            )
        say, when, then = CHANGE_OF_MIND[language]
        for j, name in enumerate(("Dr Dubois", "Dr Martin")):
            doctor = name if language == "en" else name.replace("Dr", "docteur")
            wanted = ["pract-dubois" if "Dubois" in name else "pract-martin"]
            opening = (
                f"I'd like to see {doctor} on Wednesday or so."
                if language == "en"
                else f"Je voudrais voir le {doctor} mercredi ou à peu près."
            )
            first = window(day(1), day(4))
            out.append(
                booking(
                    f"change-mind-{j}",
                    language,
                    opening=opening,
                    accept=first,
                    practitioners=wanted,
                    when="Wednesday" if language == "en" else "mercredi",
                    goal={
                        "practitioner": doctor,
                        "change_of_mind": {"at": "confirm", "say": say, "then": then, "when": when},
                    },
                    tags=["correction", "change-of-mind"],
                )
            )
        say, when = MORNING_INSTEAD[language]
        out.append(
            booking(
                "morning-instead",
                language,
                accept=window(day(1), day(14)),
                opening=OPEN[language][0].format(when=WHEN_NEXT_WEEK[language]),
                when=WHEN_NEXT_WEEK[language],
                goal={
                    "change_of_mind": {
                        "at": "slot_choice",
                        "say": say,
                        "when": when,
                        "then": window(day(1), day(14), part="morning"),
                    }
                },
                tags=["correction", "change-of-mind"],
            )
        )
    return out


def _names() -> list[dict[str, Any]]:
    out = []
    for i, (key, en, fr, practitioner) in enumerate(NAMES):
        for language, name in (("en", en), ("fr", fr)):
            when = WHEN_NEXT_WEEK[language]
            if i % 2:
                opening = (
                    f"I'd like to see {name} {when}."
                    if language == "en"
                    else f"Je voudrais voir {name} {when}."
                )
                said = None
            else:
                opening = (
                    "I'd like to book an appointment."
                    if language == "en"
                    else "Je voudrais prendre rendez-vous."
                )
                said = f"{name}, {when}"
            out.append(
                booking(
                    f"name-{key}",
                    language,
                    opening=opening,
                    accept=NEXT_WEEK,
                    practitioners=[practitioner],
                    when=said,
                    tags=["doctor-name"],
                )
            )
    for language, lines in ASR.items():
        for i, (opening, accept, wanted) in enumerate(lines):
            for j, persona in enumerate(("terse", "confused")):
                out.append(
                    booking(
                        f"asr-{i}-{j}",
                        language,
                        opening=opening,
                        accept=accept,
                        practitioners=wanted,
                        persona=persona,
                        speech={"style": "asr"},
                        tags=["asr"],
                    )
                )
    return out


def booking_scenarios() -> list[dict[str, Any]]:
    """Every natural booking scenario, French and English."""
    return [*_providers(), *_dates(), *_choices(), *_names()]
