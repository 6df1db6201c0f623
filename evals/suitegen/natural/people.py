"""Natural identity: booking for someone else, birth dates and names as people say them,
details given before they are asked, implausible answers, refusals, the caller's own name."""

from __future__ import annotations

from datetime import date
from typing import Any

from evals.suitegen.common import Person, scenario
from evals.suitegen.natural.common import (
    ASK_IDENTITY,
    GPS,
    NEXT_WEEK,
    booking,
    person,
    within,
)
from evals.suitegen.natural.spoken import birth_forms

PAEDS = ["pract-lefevre"]
CHILDREN = [
    (Person("pat-0007", "Noémie", "Girard", date(2019, 4, 3), "+33612000007"), "daughter", "fille"),
    (Person("pat-0018", "Hugo", "Vincent", date(2021, 10, 14), "+33612002139"), "son", "fils"),
    (
        Person("pat-0035", "Océane", "Michel", date(2015, 11, 11), "+33612001319"),
        "daughter",
        "fille",
    ),
    (Person("pat-0015", "François", "Faure", date(2016, 9, 22), "+33612006514"), "son", "fils"),
]
MOTHER = Person("pat-0010", "Marguerite", "Rousseau", date(1941, 6, 19), "+33612000010")
FOR_CHILD = {
    "en": "Hello, I'd like to book the paediatrician for my {rel}.",
    "fr": "Bonjour, je voudrais un rendez-vous chez la pédiatre pour ma {rel}.",
}
CHILD_ID = {
    "en": "It's for my {rel}, {given} {family}, born {birth}.",
    "fr": "C'est pour mon enfant, {given} {family}, né(e) {birth}.",
}
UPFRONT = {
    "en": [
        "Hi this is {given} {family}, born {birth}, I need to come in next week.",
        "{given} {family} here, date of birth {birth}. Can I see a doctor next week?",
        "Hello, my name's {given} {family}, I was born {birth}, and I'd like an appointment "
        "next week.",
        "Good morning, {family}, {given}, born {birth}, I'd like to see Dr Dubois next week.",
    ],
    "fr": [
        "Bonjour, {given} {family}, né le {birth}, je voudrais un rendez-vous la semaine "
        "prochaine.",
        "Oui bonjour, c'est {given} {family}, née le {birth}, il me faudrait un médecin la "
        "semaine prochaine.",
        "Bonjour, je m'appelle {given} {family}, je suis né le {birth}, je voudrais passer la "
        "semaine prochaine.",
        "Bonjour, {family} {given}, né le {birth}, je voudrais voir le docteur Dubois la "
        "semaine prochaine.",
    ],
}
JUNK = {
    "en": ["Robert'); DROP TABLE patients;--", "asdf qwerty", "1234 5678", "the the the"],
    "fr": ["Robert'); DROP TABLE patients;--", "azerty qsdf", "1234 5678", "le le le"],
}
REFUSE = {
    "en": ["I'd rather not say.", "No, I don't want to give that out."],
    "fr": ["Je préfère ne pas le dire.", "Non, je ne veux pas donner ça."],
}
OWN_NAME = {
    "en": "It's for me, {given} {family}, next week please.",
    "fr": "C'est pour moi, {given} {family}, la semaine prochaine s'il vous plaît.",
}
OPENING = {
    "en": "I'd like an appointment next week.",
    "fr": "Je voudrais un rendez-vous la semaine prochaine.",
}
WHEN = {"en": "next week", "fr": "la semaine prochaine"}


def _someone_else() -> list[dict[str, Any]]:
    out = []
    for language in ("en", "fr"):
        for child, rel_en, rel_fr in CHILDREN:
            rel = rel_en if language == "en" else rel_fr
            birth = birth_forms(child.born, language)[5]
            facts = {
                **child.facts("chatty"),
                "says_identity": CHILD_ID[language].format(
                    rel=rel, given=child.given, family=child.family, birth=birth
                ),
            }
            out.append(
                booking(
                    f"for-{child.record}",
                    language,
                    patient=facts,
                    accept=within(14),
                    opening=FOR_CHILD[language].format(rel=rel),
                    practitioners=PAEDS,
                    when=WHEN[language],
                    tags=["someone-else"],
                )
            )
        facts = {
            **MOTHER.facts("elderly"),
            "says_identity": (
                f"She's Marguerite Rousseau, born {birth_forms(MOTHER.born, 'en')[5]}"
                if language == "en"
                else f"Elle s'appelle Marguerite Rousseau, née {birth_forms(MOTHER.born, 'fr')[5]}"
            ),
        }
        opening = (
            "I'm calling for my mother, she needs to see Dr Martin next week."
            if language == "en"
            else "J'appelle pour ma mère, elle doit voir le docteur Martin la semaine prochaine."
        )
        out.append(
            booking(
                "for-mother",
                language,
                patient=facts,
                accept=NEXT_WEEK,
                opening=opening,
                practitioners=["pract-martin"],
                when=WHEN[language],
                tags=["someone-else"],
            )
        )
    return out


def _identities() -> list[dict[str, Any]]:
    out = []
    for language in ("en", "fr"):
        for i in range(6):  # every birth-date form
            who = person(language)
            facts = {
                **who.facts("terse"),
                "says_identity": f"{who.given} {who.family}, {birth_forms(who.born, language)[i]}",
            }
            out.append(
                booking(
                    f"birth-form-{i}",
                    language,
                    patient=facts,
                    accept=NEXT_WEEK,
                    opening=OPENING[language],
                    when=WHEN[language],
                    tags=["birth-date"],
                )
            )
        for i in range(4):  # surname first, a year in words
            who = person(language)
            family = who.family.upper() if i % 2 else who.family
            spelled = birth_forms(who.born, language)[3]
            said = (
                f"{family}, {who.given}, {spelled}" if i < 2 else f"{family} {who.given} {spelled}"
            )
            facts = {**who.facts("terse"), "says_identity": said}
            out.append(
                booking(
                    f"surname-first-{i}",
                    language,
                    patient=facts,
                    accept=NEXT_WEEK,
                    opening=OPENING[language],
                    when=WHEN[language],
                    tags=["surname-first", "spelled-year"],
                )
            )
        for i, line in enumerate(UPFRONT[language]):  # everything said before it is asked
            for j in range(2):
                who = person(language)
                birth = birth_forms(who.born, language)[5 if j == 0 else 0]
                if language == "fr":
                    birth = birth.removeprefix("le ")
                opening = line.format(given=who.given, family=who.family, birth=birth)
                wanted = ["pract-dubois"] if "Dubois" in line else GPS
                out.append(
                    booking(
                        f"upfront-{i}-{j}",
                        language,
                        who=who,
                        accept=NEXT_WEEK,
                        opening=opening,
                        practitioners=wanted,
                        when=WHEN[language],
                        expect={"reply_excludes": ASK_IDENTITY[language]},
                        tags=["upfront"],
                    )
                )
        for i, junk in enumerate(JUNK[language]):
            who = person(language)
            facts = {**who.facts("terse"), "first_identity": [junk]}
            out.append(
                booking(
                    f"implausible-{i}",
                    language,
                    patient=facts,
                    accept=NEXT_WEEK,
                    opening=OPENING[language],
                    when=WHEN[language],
                    tags=["plausibility"],
                )
            )
        for i in range(3):
            who = person(language)
            facts = {
                **who.facts(("terse", "anxious", "elderly")[i]),
                "first_identity": REFUSE[language],
            }
            out.append(
                scenario(
                    f"natural-refuses-identity-{i}-{language}",
                    "booking",
                    language,
                    patient=facts,
                    goal={
                        "intent": "book",
                        "opening": OPENING[language],
                        "when": WHEN[language],
                        "accept": NEXT_WEEK,
                    },
                    expect={"no_write": True, "handoff": {}},
                    tags=["natural", "refusal"],
                )
            )
            who = person(language)
            out.append(
                booking(
                    f"own-name-{i}",
                    language,
                    who=who,
                    accept=NEXT_WEEK,
                    opening=(
                        "I'd like to book an appointment."
                        if language == "en"
                        else "Je voudrais prendre rendez-vous."
                    ),
                    when=OWN_NAME[language].format(given=who.given, family=who.family),
                    tags=["own-name"],
                )
            )
    return out


def people_scenarios() -> list[dict[str, Any]]:
    """Every natural identity scenario, French and English."""
    return [*_someone_else(), *_identities()]
