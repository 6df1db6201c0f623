"""Who a red flag is about: the caller or a named third party."""

from __future__ import annotations

import pytest

from agent.urgency import assess


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("my father can't breathe", "father"),
        ("mon mari a une douleur dans la poitrine", "husband"),
        ("ma fille a fait une convulsion", "daughter"),
        ("My dad is 80. He can't breathe.", "father"),
        ("chest pain, it's for my grandmother", "grandmother"),
        ("my neighbour collapsed", "neighbour"),
        ("il est tombé dans les pommes", None),
    ],
)
def test_third_party_is_named(text: str, subject: str | None) -> None:
    flag = assess(text).flags[0]
    assert flag.third_party
    assert flag.subject == subject


@pytest.mark.parametrize(
    "text",
    [
        "I have chest pain",
        "j'ai mal à la poitrine",
        "my husband says I have chest pain",
        "Appelez le SAMU s'il vous plaît, c'est une urgence vitale",
        "je suis enceinte et je saigne",
    ],
)
def test_the_caller_is_not_a_third_party(text: str) -> None:
    result = assess(text)
    assert result.flags and not result.third_party
