"""Names, birth dates, phones and new-patient statements, as callers say them."""

from __future__ import annotations

from datetime import date

import pytest

from agent.nlu.normalize import normalize
from agent.nlu.people import find_birth_date, find_name, find_new_patient
from agent.nlu.phones import find_phone
from agent.nlu.spelling import correct

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expecting", "given", "family"),
    [
        ("je m'appelle Marie Dupont", False, "Marie", "Dupont"),
        ("bonjour, je m appelle marie dupont", False, "Marie", "Dupont"),
        ("mon nom est Sophie Durand", False, "Sophie", "Durand"),
        ("moi c'est Paul Girard", False, "Paul", "Girard"),
        # "born" misheard by speech-to-text between the name and the date is not a name.
        ("Michael Brown, Orn 25 August 1972", True, "Michael", "Brown"),
        ("Rachel Green, Horn 5 May 1987", True, "Rachel", "Green"),
        ("Grace Wilson formed the 30th of April 1990", True, "Grace", "Wilson"),
        ("Sophie Walker formed the second of March 2002", True, "Sophie", "Walker"),
        ("Michael Brown warned on the 25th of August 1972", True, "Michael", "Brown"),
        ("grace wilson 30/04/1990", True, "Grace", "Wilson"),
        ("Jean-Pierre Martin le 3 mai 1950", True, "Jean-Pierre", "Martin"),
        ("Brown, Michael 25/08/1972", True, "Michael", "Brown"),
        ("c'est Mme Dupont Marie", True, "Marie", "Dupont"),
        ("Madame Sophie Durand", True, "Sophie", "Durand"),
        ("my name is John Smith", False, "John", "Smith"),
        ("my name's jane doe", False, "Jane", "Doe"),
        ("Smith, John", True, "John", "Smith"),
        ("Marie Dupont", True, "Marie", "Dupont"),
        ("Dupont Marie", True, "Marie", "Dupont"),
        ("DUPONT Marie", True, "Marie", "Dupont"),
        ("Marie Dupont 12 mars 1985", True, "Marie", "Dupont"),
        ("oui c'est Marie Dupont née le 12 mars 1985", True, "Marie", "Dupont"),
        ("Jean-Pierre de la Fontaine", True, "Jean-Pierre", "de la Fontaine"),
        ("this is Sarah O'Connor", False, "Sarah", "O'Connor"),
        ("Mr Smith", True, None, "Smith"),
        ("je suis Hélène Lefèvre", False, "Hélène", "Lefèvre"),
        ("Dupont", True, None, "Dupont"),
        ("c'est pour ma fille, Léa Martin, née le 3 mai 2015", True, "Léa", "Martin"),
        ("Le Gall Yann", True, "Yann", "Le Gall"),
        ("mon nom c'est Van der Berg", False, None, "Van der Berg"),
        ("mon prénom c'est Sophie et mon nom Durand", False, "Sophie", "Durand"),
        ("my first name is John and my last name is Smith", False, "John", "Smith"),
        ("oui alors c'est Dupont, D U P O N T", True, None, "Dupont"),
    ],
)
def test_names(text: str, expecting: bool, given: str | None, family: str) -> None:
    assert find_name(normalize(text), expecting=expecting) == (given, family)


@pytest.mark.parametrize(
    ("text", "expecting"),
    [
        ("je voudrais un rendez-vous", True),
        ("je suis nouveau", False),
        ("I'm calling about my appointment", False),
        ("this is urgent", False),
        ("je ne suis jamais venu", True),
        ("oui d'accord", True),
        ("Marie Dupont", False),  # a bare name only counts when the agent asked for one
    ],
)
def test_not_names(text: str, expecting: bool) -> None:
    assert find_name(normalize(text), expecting=expecting) == (None, None)


@pytest.mark.parametrize(
    ("text", "expecting", "expected"),
    [
        ("né le 12 mars 1985", False, date(1985, 3, 12)),
        ("née le 1er avril 1972", False, date(1972, 4, 1)),
        ("12/03/1985", True, date(1985, 3, 12)),
        ("12.03.85", True, date(1985, 3, 12)),
        ("March 12th 1985", True, date(1985, 3, 12)),
        ("born on the 12th of March 1985", False, date(1985, 3, 12)),
        ("1985-03-12", True, date(1985, 3, 12)),
        ("Marie Dupont 3 mai 1950", True, date(1950, 5, 3)),
        ("my date of birth is 04/07/2001", False, date(2001, 7, 4)),
        # As speech-to-text writes them.
        ("Oh sorry, I was born on to November, 1954.", False, date(1954, 11, 2)),
        ("Sophie Walker, Born to March 2002.", True, date(2002, 3, 2)),
        ("Olivia Thompson, born on June 11, 1947.", False, date(1947, 6, 11)),
        # Typed on a phone's keypad, or typed with spaces: day, month, four-digit year.
        ("25081985", True, date(1985, 8, 25)),
        ("née le 30 11 1986", False, date(1986, 11, 30)),
    ],
)
def test_birth_dates(text: str, expecting: bool, expected: date) -> None:
    assert find_birth_date(normalize(text).folded, TODAY, expecting=expecting) == expected


@pytest.mark.parametrize(
    ("text", "expecting"),
    [
        ("le 3 décembre", True),
        ("03/12", True),
        ("le 12/12/2026", True),
        ("demain", True),
        ("06 12 00 97 86", True),
        ("0612009786", True),
        ("25082985", True),
    ],
)
def test_appointment_dates_are_not_birth_dates(text: str, expecting: bool) -> None:
    assert find_birth_date(normalize(text).folded, TODAY, expecting=expecting) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("mon numéro c'est le 06.12.34.56.78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("call me on +1 415 555 2671", "+14155552671"),
        ("né le 12/03/1985", None),
        ("bonjour", None),
        # Read out in pairs and written by speech-to-text as a list.
        ("Mon numéro, c'est le 06, 12, 00, 48, 14.", "+33612004814"),
        ("c'est le 0,6,12,00,48,14", "+33612004814"),
        ("né le 12, 03, 1985", None),
    ],
)
def test_phones(text: str, expected: str | None) -> None:
    assert find_phone(normalize(text).raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c'est la première fois", True),
        ("I'm a new patient", True),
        ("je ne suis jamais venu", True),
        ("je ne suis jamais venue chez vous", True),
        ("I've never been there before", True),
        ("je ne suis pas nouveau", False),
        ("I'm already a patient", False),
        ("j'ai déjà un dossier chez vous", False),
        ("je voudrais un rendez-vous", None),
    ],
)
def test_new_patient(text: str, expected: bool | None) -> None:
    assert find_new_patient(correct(normalize(text).folded)) is expected
