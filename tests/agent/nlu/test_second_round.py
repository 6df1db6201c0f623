"""Issue 15, second round, read by the embedded brain: hedges are no yes, several requests in
one turn, windows relative to another visit, names given for someone else, callbacks in
everyday words, a change said from the appointment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.nlu.intents import detect_intent
from agent.nlu.multi import requests_in_order
from agent.nlu.normalize import fold
from agent.nlu.relative import read_relative
from agent.nlu.spelling import correct
from agent.nlu.topics import find_topic
from agent.understanding import BrainContext, Intent, Understanding

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 9, 10, tzinfo=PARIS)  # a Monday
TOPICS = ["hours", "address", "access", "parking", "insurance", "new_patients", "fees",
          "teleconsultation"]  # fmt: skip
NAMES = ["Dr Claire Martin", "Dr Thomas Dubois", "Dr James O'Brien", "Camille Moreau"]
_BRAIN = RulesBrain()


def read(text: str, phase: str = "greeting", language: str = "en") -> Understanding:
    context = BrainContext(
        language=language,  # type: ignore[arg-type]
        phase=phase,  # type: ignore[arg-type]
        now=NOW,
        practitioner_names=NAMES,
        specialties=["general-practice", "physiotherapy", "dentistry"],
        services=["consultation", "follow-up"],
        topics=TOPICS,
    )
    return _BRAIN.read(text, context)


@pytest.mark.parametrize(
    "text",
    [
        "hmm I'm not sure actually, I need to check with my wife, is that right that it's friday",
        "euh je sais pas trop, faut que je voie avec mon boulot, ça va être juste",
        "maybe", "peut-être... hmm", "hmm let me think", "I don't know", "je ne sais pas",
        "I guess so, not sure", "bof, je vais réfléchir", "perhaps, is it fine for parking?",
    ],
)  # fmt: skip
def test_a_hedge_at_the_read_back_is_no_yes(text: str) -> None:
    assert read(text, "confirm").affirmative is None


@pytest.mark.parametrize(
    "text",
    ["yeah ok go on then book it", "oui oui allez-y", "hmm yes", "not sure... yes, book it",
     "je sais pas trop... oui d'accord"],
)  # fmt: skip
def test_a_clear_yes_after_the_hedge_decides(text: str) -> None:
    assert read(text, "confirm").affirmative is True


@pytest.mark.parametrize(
    ("text", "actions", "topics"),
    [
        ("I need my repeat prescription and also an appointment next week",
         [Intent.PRESCRIPTION, Intent.BOOK], []),
        ("il me faudrait le renouvellement de mon Levothyrox, et puis aussi un rendez-vous",
         [Intent.PRESCRIPTION, Intent.BOOK], []),
        ("are you open saturdays and is there somewhere to park", [], ["hours", "parking"]),
        ("c'est combien une consultation, et vous prenez la carte vitale ?", [],
         ["fees", "insurance"]),
        ("book me tuesday and what are your hours", [Intent.BOOK], ["hours"]),
    ],
)  # fmt: skip
def test_requests_are_read_in_the_order_said(
    text: str, actions: list[Intent], topics: list[str]
) -> None:
    said = requests_in_order(
        correct(fold(text)), lambda part: find_topic(part, TOPICS), detect_intent
    )
    assert said == (actions, topics)


def test_the_second_request_waits_its_turn() -> None:
    u = read("Hiya, two things: my repeat for the inhaler, and also an appointment next week.")
    assert (u.intent, u.then_intent) == (Intent.PRESCRIPTION, Intent.BOOK)
    u = read("vous êtes ouverts le samedi ? et c'est où exactement", language="fr")
    assert (u.topic, u.more_topics) == ("hours", ["address"])


def test_cancel_and_find_another_is_one_move_not_two_requests() -> None:
    u = read("annuler jeudi et me trouver autre chose la semaine prochaine", language="fr")
    assert u.intent is Intent.RESCHEDULE and u.appointment_day == date(2026, 11, 26)
    assert u.time and u.time.earliest_date == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("I'd like a follow-up with Dr Martin the week after my appointment on Thursday",
         date(2026, 11, 30), date(2026, 12, 6)),
        ("je voudrais une autre séance de kiné la semaine après mon rendez-vous de mercredi",
         date(2026, 11, 30), date(2026, 12, 6)),
        ("can you book me another physio session two weeks after the one I've got on tuesday",
         date(2026, 12, 7), date(2026, 12, 13)),
        ("il me faudrait une séance de kiné trois semaines après celle du 25",
         date(2026, 12, 14), date(2026, 12, 20)),
    ],
)  # fmt: skip
def test_a_booking_after_another_visit_counts_from_it(text: str, first: date, last: date) -> None:
    u = read(text, language="fr" if "é" in text else "en")
    assert u.intent is Intent.BOOK, u
    assert u.time and (u.time.earliest_date, u.time.latest_date) == (first, last)


def test_moving_a_visit_within_the_two_weeks_after_it() -> None:
    u = read(
        "je dois décaler mon rendez-vous de jeudi avec le docteur Martin, dans les deux semaines"
        " qui suivent",
        language="fr",
    )
    assert u.intent is Intent.RESCHEDULE and u.appointment_day == date(2026, 11, 26)
    assert u.time and (u.time.earliest_date, u.time.latest_date) == (
        date(2026, 11, 27),
        date(2026, 12, 10),
    )
    # Said on its own while moving a visit: counted from that visit by the graph.
    later = read("the week after", "slot_preferences")
    assert (later.move, later.move_days) == ("later", 7)
    within = read("dans les deux semaines qui suivent", "slot_preferences", "fr")
    assert (within.move, within.move_days) == ("within", 14)


def test_relative_readings() -> None:
    assert read_relative("the following week") is not None
    assert read_relative("a month after my last visit").days == 30  # type: ignore[union-attr]
    assert read_relative("next week") is None


@pytest.mark.parametrize(
    "text",
    [
        "I need to move my Saturday appointment with Dr O'Brien, can we do the week after?",
        "It's about my appointment on Thursday evening with Dr Dubois, my daughter can't drive "
        "me then, is there anything the following Monday?",
    ],
)
def test_a_change_said_from_the_appointment_moves_it(text: str) -> None:
    u = read(text)
    assert u.intent is Intent.RESCHEDULE and u.appointment_day is not None, u


@pytest.mark.parametrize(
    ("text", "given", "family", "born"),
    [
        ("dupont jean, quatorze mars cinquante-huit", "Jean", "Dupont", date(1958, 3, 14)),
        ("c'est pour mon fils lucas bernard, il est né le 8 septembre 2014", "Lucas", "Bernard",
         date(2014, 9, 8)),
        ("SIMON, Emilie. 14/07/1958.", "Emilie", "Simon", date(1958, 7, 14)),
        ("my name is dupont, jean, born the second of july ninety one", "Jean", "Dupont",
         date(1991, 7, 2)),
        ("It's for my mother, Marguerite Rousseau, she was born on the 19th of June 1941.",
         "Marguerite", "Rousseau", date(1941, 6, 19)),
    ],
)  # fmt: skip
def test_names_as_given(text: str, given: str, family: str, born: date) -> None:
    u = read(text, "identity", "fr")
    assert (u.given_name, u.family_name, u.birth_date) == (given, family, born)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is it possible for dr martin to give me a ring, it's about the letter she wrote",
         Intent.CALLBACK),
        ("est-ce que le docteur dubois pourrait me rappeler, c'est pour mon arrêt de travail",
         Intent.CALLBACK),
        ("i won't be able to come on thursday i'm going into hospital so please take me off",
         Intent.CANCEL),
        ("c'est pour mon fils, il a rendez-vous chez le dentiste mais j'ai perdu le papier, "
         "c'est quel jour déjà ?", Intent.CHECK),
        ("I've lost the little card with my appointment times, when am I due in?", Intent.CHECK),
    ],
)  # fmt: skip
def test_other_requests_are_not_bookings(text: str, intent: Intent) -> None:
    u = read(text)
    assert u.intent is intent and not u.professional_caller, u
