"""The embedded brain on how people really talk (issue 15), French and English: everyday
changes, deferring, providers, professional callers, refusals, implausible answers, several
requests in one turn."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.understanding import BrainContext, Intent, OfferedOption, Phase, Understanding

PARIS = ZoneInfo("Europe/Paris")
NAMES = ["Dr Claire Martin", "Dr Thomas Dubois", "Dr James O'Brien", "Camille Moreau"]
SPECIALTIES = ["general-practice", "paediatrics", "dentistry", "physiotherapy"]
OFFERED = [
    OfferedOption(index=i, start=datetime(2026, 11, 24, 9 + i, 0, tzinfo=PARIS)) for i in range(3)
]
BRAIN = RulesBrain()


def read(text: str, phase: Phase = "greeting", language: str = "en") -> Understanding:
    context = BrainContext(
        language=language,  # type: ignore[arg-type]
        phase=phase,
        now=datetime(2026, 11, 23, 9, 10, tzinfo=PARIS),
        offered=OFFERED if phase == "slot_choice" else [],
        practitioner_names=NAMES,
        specialties=SPECIALTIES,
        topics=["hours", "parking", "address", "fees"],
    )
    return BRAIN.read(text, context)


@pytest.mark.parametrize(
    ("text", "intent", "day"),
    [
        ("Take me off the list for Thursday.", Intent.CANCEL, date(2026, 11, 26)),
        ("Je ne viendrai pas jeudi, vous pouvez enlever mon rendez-vous.", Intent.CANCEL,
         date(2026, 11, 26)),
        ("I can't make Thursday, what else have you got?", Intent.RESCHEDULE, date(2026, 11, 26)),
        ("Je voudrais changer ma séance de jeudi.", Intent.RESCHEDULE, date(2026, 11, 26)),
    ],
)  # fmt: skip
def test_everyday_changes_name_the_visit_not_the_new_day(
    text: str, intent: Intent, day: date
) -> None:
    u = read(text)
    assert (u.intent, u.appointment_day) == (intent, day)
    if intent is Intent.RESCHEDULE:
        assert u.time is None or u.time.earliest_date != day


def test_the_new_day_is_read_apart_from_the_visit_day() -> None:
    u = read("Je voudrais décaler mon rendez-vous de jeudi à lundi 30.", language="fr")
    assert u.appointment_day == date(2026, 11, 26)
    assert u.time and u.time.earliest_date == date(2026, 11, 30)


@pytest.mark.parametrize("text", ["Any of them.", "N'importe lequel.", "Comme vous voulez."])
def test_deferring_among_offers_picks_the_first(text: str) -> None:
    u = read(text, "slot_choice")
    assert u.choice == 0 and not u.any_practitioner


@pytest.mark.parametrize("text", ["Whatever you have first is fine.", "Quand vous voulez."])
def test_deferring_the_time_means_the_earliest(text: str) -> None:
    u = read(text, "slot_preferences")
    assert u.time is not None and u.time.asap


@pytest.mark.parametrize(
    ("text", "specialty"),
    [("I need to find a doctor.", "general-practice"), ("Il me faudrait un psy.", "psychology"),
     ("Can you find me a dentist?", "dentistry"), ("Je cherche un cardiologue.", "cardiology")],
)  # fmt: skip
def test_provider_openings_are_bookings_of_that_kind(text: str, specialty: str) -> None:
    u = read(text)
    assert (u.intent, u.specialty) == (Intent.BOOK, specialty)


@pytest.mark.parametrize(
    "text", ["I need to speak to Dr Martin.", "Est-ce que le docteur Dubois peut me rappeler ?"]
)
def test_a_doctor_on_the_phone_is_a_callback(text: str) -> None:
    assert read(text).intent is Intent.CALLBACK


def test_a_visit_wish_that_mentions_talking_stays_a_booking() -> None:
    u = read("Je voudrais voir le docteur Martin, j'ai juste besoin d'en parler.", language="fr")
    assert u.intent is Intent.BOOK


@pytest.mark.parametrize(
    "text",
    ["Hi, this is the cardiology ward at Saint-Antoine hospital.",
     "Bonjour, pharmacie Voltaire, j'appelle au sujet d'une ordonnance."],
)  # fmt: skip
def test_professional_callers_are_flagged(text: str) -> None:
    assert read(text).professional_caller


def test_refusals_and_implausible_names_in_the_identity_phase() -> None:
    assert read("Je préfère ne pas le dire.", "identity", "fr").refuses
    code = read("Robert'); DROP TABLE patients;--", "identity")
    assert code.implausible == "name" and code.family_name is None


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [("Book me in with Dr Martin next week, and what are your opening hours?", Intent.BOOK,
      "hours"),
     ("Annulez mon rendez-vous de jeudi, et on peut se garer où ?", Intent.CANCEL, "parking")],
)  # fmt: skip
def test_an_action_and_a_question_in_one_turn(text: str, intent: Intent, topic: str) -> None:
    u = read(text)
    assert (u.intent, u.topic) == (intent, topic)


@pytest.mark.parametrize(
    "text",
    ["My repeat for the inhaler, please.", "I'm nearly out of my Ventolin.",
     "Mon traitement pour la tension est fini.", "Je n'ai plus de comprimés pour le diabète."],
)  # fmt: skip
def test_renewals_in_british_and_french_words(text: str) -> None:
    assert read(text).intent is Intent.PRESCRIPTION


def test_il_me_faudrait_un_rendez_vous_beside_a_question() -> None:
    u = read("Il y a un parking ? Et il me faudrait un rendez-vous jeudi.", language="fr")
    assert (u.intent, u.topic) == (Intent.BOOK, "parking")
