"""What simulated patients say, in French and English, and how each persona colours it.

Templates are written the way callers actually talk to a receptionist; personas only add the
framing (hesitation, politeness, chatter), never facts the hidden goal does not hold.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime

import phonenumbers

from agent.replies.dates import MONTHS, WEEKDAYS
from evals.scenario import Persona
from fhir_adapters.codings import display
from fhir_adapters.concepts import SPECIALTIES, VISITS, Concept
from graphs.keypad import RANKS

ORDINALS = RANKS
"""How a caller names an option by rank: the same words a key says at a choice."""

LINES: dict[str, dict[str, str]] = {
    "en": {
        "no": "No.",
        "yes": "Yes.",
        "not_new": "No, I've been here before.",
        "am_new": "Yes, I'm a new patient.",
        "any_time": "Whatever you have first is fine.",
        "other_options": "Do you have anything else? Those don't suit me.",
        "later": "Anything later?",
        "give_up": "Never mind, I'll call back later. Goodbye.",
        "wrong_visit": "No, it's for {visit}.",
        "wrong_kind": "No, I need to see someone in {kind}.",
        "identity": "{name}, born {birth}.",
        "identity_phone": "My number is {phone}.",
        "identity_new": "I'm a new patient, I've never been to your practice. {identity}",
        "anonymous": "I'd rather not give my name, I just have a question. {question}",
        "no_booking": "No, I don't need an appointment. {question}",
        "name_only": "{name}.",
        "pick_option": "{ordinal}, please.",
        "pick_time": "The one at {time}, please.",
        "pick_day": "{day}'s, please.",
        "birth_only": "Oh sorry, I was born on {birth}.",
        "pick_appointment": "The one on {day}.",
        "book": "I'd like to book an appointment{practitioner}{reason}.",
        "reschedule": "I need to move my appointment{day}.",
        "cancel": "I'd like to cancel my appointment{day}.",
        "check": "Could you remind me when my next appointment is?",
        "prescription": "I need my prescription renewed{medication}.",
        "billing": "I have a question about a bill.",
        "results": "I'm calling about my test results.",
        "human": "Can I speak to someone at the practice, please?",
        "with": " with {practitioner}",
        "for": " for {reason}",
        "on": " on {day}",
        "for_med": " for {medication}",
        "repeat": "Sorry, let me say it again: {text}",
    },
    "fr": {
        "no": "Non.",
        "yes": "Oui.",
        "not_new": "Non, je suis déjà venu.",
        "am_new": "Oui, je suis un nouveau patient.",
        "any_time": "Le premier disponible, ça m'ira.",
        "other_options": "Vous n'avez rien d'autre ? Ça ne m'arrange pas.",
        "later": "Vous avez plus tard ?",
        "give_up": "Tant pis, je rappellerai. Au revoir.",
        "wrong_visit": "Non, c'est pour {visit}.",
        "wrong_kind": "Non, c'est pour un rendez-vous en {kind}.",
        "identity": "{name}, né le {birth}.",
        "identity_phone": "Mon numéro, c'est le {phone}.",
        "identity_new": "Je suis un nouveau patient, je ne suis jamais venu chez vous. {identity}",
        "anonymous": "Je préfère ne pas donner mon nom, j'ai juste une question. {question}",
        "no_booking": "Non, je ne veux pas de rendez-vous. {question}",
        "name_only": "{name}.",
        "pick_option": "{ordinal}, s'il vous plaît.",
        "pick_time": "Celui de {time}, s'il vous plaît.",
        "pick_day": "Celui de {day}, s'il vous plaît.",
        "birth_only": "Ah pardon, je suis né le {birth}.",
        "pick_appointment": "Celui du {day}.",
        "book": "Je voudrais prendre rendez-vous{practitioner}{reason}.",
        "reschedule": "Je dois déplacer mon rendez-vous{day}.",
        "cancel": "Je voudrais annuler mon rendez-vous{day}.",
        "check": "Vous pouvez me rappeler la date de mon prochain rendez-vous ?",
        "prescription": "J'aurais besoin d'un renouvellement d'ordonnance{medication}.",
        "billing": "J'ai une question sur une facture.",
        "results": "J'appelle pour mes résultats d'analyses.",
        "human": "Je voudrais parler à quelqu'un du cabinet, s'il vous plaît.",
        "with": " avec {practitioner}",
        "for": " pour {reason}",
        "on": " du {day}",
        "for_med": " pour mon {medication}",
        "repeat": "Pardon, je répète : {text}",
    },
}

# Framing per persona: (prefixes, suffixes). Neutral words only: nothing a triage rule reads.
FRAMES: dict[str, dict[Persona, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "en": {
        Persona.TERSE: (("",), ("",)),
        Persona.CHATTY: (
            ("Hello there! ", "Oh hi, good morning! ", "Hi, sorry, I'm calling from the car. "),
            (" My sister says you're very good.", " Thanks so much.", ""),
        ),
        Persona.CONFUSED: (
            ("Um, sorry, hello... ", "Hello, I'm not sure I'm doing this right. "),
            ("",),
        ),
        Persona.ELDERLY: (
            ("Hello, dear. ", "Good morning, young man. "),
            (" Thank you, dear.", ""),
        ),
        Persona.ANXIOUS: (
            ("Hi, sorry to bother you. ", "Hello, sorry, I'm a bit stressed. "),
            ("",),
        ),
        Persona.NON_NATIVE: (("Hello. ", "Good day. "), (" Thank you very much.", "")),
    },
    "fr": {
        Persona.TERSE: (("",), ("",)),
        Persona.CHATTY: (
            (
                "Bonjour ! ",
                "Ah bonjour, oui, alors voilà. ",
                "Bonjour, excusez-moi, je suis en voiture. ",
            ),
            (" Ma voisine m'a dit que vous étiez très bien.", " Merci beaucoup hein.", ""),
        ),
        Persona.CONFUSED: (
            ("Euh, bonjour... ", "Bonjour, je ne sais pas trop comment on fait. "),
            ("",),
        ),
        Persona.ELDERLY: (("Bonjour madame. ", "Allô, bonjour. "), (" Merci bien.", "")),
        Persona.ANXIOUS: (
            (
                "Bonjour, excusez-moi de vous déranger. ",
                "Bonjour, pardon, je suis un peu stressée. ",
            ),
            ("",),
        ),
        Persona.NON_NATIVE: (
            ("Bonjour. ", "Bonjour, pardon pour mon français. "),
            (" Merci beaucoup.", ""),
        ),
    },
}


# How each persona says yes to a read-back and goodbye at the end.
YES: dict[str, dict[Persona, str]] = {
    "en": {
        Persona.TERSE: "Yes.",
        Persona.CHATTY: "Oh yes, perfect, that works for me, thank you so much!",
        Persona.CONFUSED: "Um... yes, I think so, yes.",
        Persona.ELDERLY: "Yes, yes, that's fine, thank you dear.",
        Persona.ANXIOUS: "Yes please, that's fine.",
        Persona.NON_NATIVE: "Yes, is good.",
    },
    "fr": {
        Persona.TERSE: "Oui.",
        Persona.CHATTY: "Ah oui, parfait, ça me va très bien, merci beaucoup !",
        Persona.CONFUSED: "Euh... oui, je crois, oui.",
        Persona.ELDERLY: "Oui, oui, c'est très bien, merci.",
        Persona.ANXIOUS: "Oui, s'il vous plaît, c'est parfait.",
        Persona.NON_NATIVE: "Oui, c'est bon.",
    },
}
GOODBYE: dict[str, dict[Persona, str]] = {
    "en": {
        Persona.TERSE: "No, bye.",
        Persona.CHATTY: "No, that's everything, you've been very helpful, have a lovely day!",
        Persona.CONFUSED: "Um, no, I don't think so. Goodbye.",
        Persona.ELDERLY: "No, that's all, dear. Thank you, goodbye.",
        Persona.ANXIOUS: "No, that's all, thank you. Goodbye.",
        Persona.NON_NATIVE: "No, is all. Thank you, goodbye.",
    },
    "fr": {
        Persona.TERSE: "Non, au revoir.",
        Persona.CHATTY: "Non, c'est tout, vous avez été très aimable, bonne journée !",
        Persona.CONFUSED: "Euh, non, je crois pas. Au revoir.",
        Persona.ELDERLY: "Non, ce sera tout. Merci beaucoup, au revoir.",
        Persona.ANXIOUS: "Non, ce sera tout, merci. Au revoir.",
        Persona.NON_NATIVE: "Non, c'est tout. Merci, au revoir.",
    },
}


def frame(text: str, language: str, persona: Persona, rng: random.Random) -> str:
    """Wrap ``text`` in the persona's way of speaking (opening lines only)."""
    prefixes, suffixes = FRAMES[language][persona]
    return f"{rng.choice(prefixes)}{text}{rng.choice(suffixes)}".strip()


def say_date(day: date, language: str, *, weekday: bool = True) -> str:
    """A date as a caller says it: "Wednesday 25 November" / "mercredi 25 novembre"."""
    month = MONTHS[language][day.month - 1]
    name = f"{WEEKDAYS[language][day.weekday()]} " if weekday else ""
    return f"{name}{day.day} {month}"


def say_birth_date(born: date, language: str, persona: Persona) -> str:
    """A birth date the way the persona would give it."""
    if persona in (Persona.TERSE, Persona.NON_NATIVE):
        return born.strftime("%d/%m/%Y")
    month = MONTHS[language][born.month - 1]
    if persona is Persona.ELDERLY and language == "en":
        suffix = (
            "th"
            if 10 <= born.day % 100 <= 20
            else {1: "st", 2: "nd", 3: "rd"}.get(born.day % 10, "th")
        )
        return f"the {born.day}{suffix} of {month} {born.year}"
    return f"{born.day} {month} {born.year}"


def say_time(at: datetime, language: str) -> str:
    """A clock time: "10:30" / "10h30"."""
    return at.strftime("%H:%M") if language == "en" else f"{at.hour}h{at.minute:02d}"


def say_phone(phone: str) -> str:
    """A phone number as digits a caller reads out (national format for +33)."""
    if phone.startswith("+33"):
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return phone


def dialled(phone: str, region: str = "FR") -> str:
    """The digits a caller types for ``phone`` (E.164) on a phone in ``region``: the national
    number at home ("0612009786"), the international prefix abroad ("00447700100718")."""
    number = phonenumbers.parse(phone)
    return re.sub(r"\D", "", phonenumbers.format_out_of_country_calling_number(number, region))


_MASCULINE_VISITS = frozenset({"check-up"})
"""French visit names taking "un" ("un bilan de santé"); the others take "une"."""


def visit_name(code: str, language: str) -> str:
    """A kind of visit as a caller names it, with its article: "une consultation de suivi"."""
    name = display(code, language).lower()
    if language == "fr":
        return f"{'un' if code in _MASCULINE_VISITS else 'une'} {name}"
    return f"a {name}"


def visit_named(text: str, language: str) -> str | None:
    """The kind of visit ``text`` (a read-back) names, the longest name first ("consultation
    de suivi" before "consultation"); None when it names none."""
    return _named_in(text, language, VISITS)


def kind_named(text: str, language: str) -> str | None:
    """The kind of care (specialty) ``text`` (a read-back) names; None when it names none."""
    return _named_in(text, language, SPECIALTIES)


def kind_name(code: str, language: str) -> str:
    """A kind of care as a caller names it: "kinésithérapie", "physiotherapy"."""
    return display(code, language).lower()


def _named_in(text: str, language: str, concepts: tuple[Concept, ...]) -> str | None:
    folded = text.lower()
    names = [(display(c.code, language).lower(), c.code) for c in concepts]
    found = [(len(name), code) for name, code in names if name in folded]
    return max(found)[1] if found else None
