"""Professional callers, a practitioner wanted on the phone, and refusals to say who one is."""

from __future__ import annotations

import pytest

from agent.nlu.callers import is_professional_caller, refuses, wants_practitioner_on_phone
from agent.nlu.normalize import fold


@pytest.mark.parametrize(
    "text",
    [
        "Hello, this is the Voltaire pharmacy, I'm calling about a prescription.",
        "Hi, this is the cardiology ward at Saint-Antoine hospital.",
        "Good morning, Biolab laboratory here, a blood sample needs redoing.",
        "Hello, it's Dr Lambert's practice, I'm calling to refer a patient.",
        "Hi, I'm a nurse at Bichat hospital, calling about a patient of Dr Dubois.",
        "Bonjour, pharmacie Voltaire, j'appelle au sujet d'une ordonnance.",
        "Bonjour, ici le service de cardiologie de l'hôpital Saint-Antoine.",
        "Bonjour, laboratoire Biolab, un prélèvement est à refaire.",
        "Bonjour, cabinet du docteur Lambert, j'appelle pour adresser une patiente.",
        "Bonjour, je suis infirmière à l'hôpital Bichat.",
    ],
)
def test_professionals_say_who_they_are(text: str) -> None:
    assert is_professional_caller(fold(text))


@pytest.mark.parametrize(
    "text",
    ["I'm at the hospital with my son.", "Je suis hospitalisé.", "I'm calling from the car.",
     "I'd like to see Dr Dubois next week."],
)  # fmt: skip
def test_patients_are_not_professionals(text: str) -> None:
    assert not is_professional_caller(fold(text))


@pytest.mark.parametrize(
    "text",
    ["I need to speak to Dr Martin.", "Could Dr Dubois call me back?",
     "Je voudrais que le docteur O'Brien me rappelle.", "Je dois parler à la doctoresse Martin."],
)  # fmt: skip
def test_a_practitioner_wanted_on_the_phone(text: str) -> None:
    assert wants_practitioner_on_phone(fold(text))


@pytest.mark.parametrize(
    "text",
    ["I'd rather not say.", "No, I don't want to give that out.", "Je préfère ne pas le dire.",
     "Non, je ne veux pas donner ça."],
)  # fmt: skip
def test_refusals_in_both_languages(text: str) -> None:
    assert refuses(fold(text))
