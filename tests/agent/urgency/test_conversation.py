"""Earlier patient turns complete the current one, without re-firing what was already said."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import assess

CROSS_TURN = [
    (["bonjour", "je suis enceinte de 3 mois"], "je saigne depuis ce matin", "pregnancy_bleeding"),
    (["I'm 30 weeks pregnant"], "I've been bleeding since this morning", "pregnancy_bleeding"),
    (["my baby is 5 weeks old"], "she has a temperature of 38.3", "infant_fever"),
    (["my baby has a fever"], "it's 40.2", "infant_fever"),
    (
        ["ma grand-mère a une pneumonie"],
        "elle est très essoufflée et elle a 88 ans",
        ("elderly_chest_infection"),
    ),
    (
        ["mon fils a de la fièvre"],
        "il est tout mou, il ne réagit presque plus",
        ("child_fever_lethargy"),
    ),
]


@pytest.mark.parametrize(("earlier", "text", "code"), CROSS_TURN)
def test_a_flag_built_over_two_turns_fires(earlier: list[str], text: str, code: str) -> None:
    assert code in assess(text, earlier_turns=earlier).codes


def test_a_flag_said_earlier_does_not_fire_again_on_an_ordinary_turn() -> None:
    result = assess("the second one please", earlier_turns=["I'm pregnant and bleeding"])
    assert result.level is UrgencyLevel.ROUTINE


def test_alone_the_second_turn_is_not_an_emergency() -> None:
    assert assess("je saigne depuis ce matin").level is UrgencyLevel.ROUTINE


def test_earlier_negations_and_odd_turns_are_harmless() -> None:
    result = assess("I have chest pain", earlier_turns=["no fever", "", "😀", None])  # type: ignore[list-item]
    assert result.codes == ["chest_pain"]
