"""Negation is local to its clause; past history needs a remote-time marker and no 'now'."""

from __future__ import annotations

import pytest

from agent.urgency.negation import Context


def _negated(text: str, mention: str) -> bool:
    start = text.index(mention)
    return Context(text).is_negated(start, start + len(mention))


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("no chest pain", "chest pain"),
        ("i don t have any chest pain", "chest pain"),
        ("i do not think i have chest pain", "chest pain"),
        ("pas de douleur thoracique", "douleur thoracique"),
        ("je n ai pas de fievre", "fievre"),
        ("il n a plus de fievre", "fievre"),
        ("aucune difficulte a respirer", "difficulte a respirer"),
        ("no fever or chest pain", "chest pain"),
        ("pas de fievre ni de douleur thoracique", "douleur thoracique"),
        ("il ne saigne plus", "saigne"),
        ("je n ai pas d idees suicidaires", "suicidaires"),
        ("sans fievre", "fievre"),
    ],
)
def test_negated_mentions(text: str, mention: str) -> None:
    assert _negated(text, mention)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("no fever but chest pain", "chest pain"),
        ("pas de fievre mais une douleur thoracique", "douleur thoracique"),
        ("i don t have a fever , i have chest pain", "chest pain"),
        ("i can t sleep because of chest pain", "chest pain"),
        ("j ai pas mal de douleurs thoraciques", "douleurs thoraciques"),
        ("i don t know if it s chest pain", "chest pain"),
        ("chest pain", "chest pain"),
    ],
)
def test_mentions_outside_a_negation_scope(text: str, mention: str) -> None:
    assert not _negated(text, mention)


@pytest.mark.parametrize(
    ("text", "mention", "historical"),
    [
        ("i had chest pain last year and need my follow up", "chest pain", True),
        ("ma mere a eu un avc il y a 5 ans", "avc", True),
        ("after my heart attack in 2019", "heart attack", True),
        ("i had a heart attack in 2019 and now i have chest pain again", "chest pain", False),
        ("i had a heart attack in 2019 and now i have chest pain again", "heart attack", True),
        ("i had chest pain last year and it s back", "chest pain", False),
        ("chest pain since this morning", "chest pain", False),
        ("j ai eu une douleur thoracique hier", "douleur thoracique", False),
    ],
)
def test_history(text: str, mention: str, historical: bool) -> None:
    assert Context(text).is_historical(text.index(mention)) is historical


def test_follow_up_context() -> None:
    text = "rendez vous de controle pour ma fracture"
    assert Context(text).is_follow_up(text.index("fracture"))
    text = "je crois que c est une fracture"
    assert not Context(text).is_follow_up(text.index("fracture"))
