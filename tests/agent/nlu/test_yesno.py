"""Yes or no, when the caller corrects or contradicts themselves: the last clear decision wins.

A write runs only after an explicit yes, so a self-correction must never read as one.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agent.brains.rules import RulesBrain
from agent.nlu.normalize import normalize
from agent.nlu.spelling import correct
from agent.nlu.yesno import detect_affirmative
from agent.understanding import BrainContext, OfferedOption

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
OFFERED = [
    OfferedOption(index=0, start=datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)),
    OfferedOption(index=1, start=datetime(2026, 11, 25, 14, 30, tzinfo=PARIS)),
]
_BRAIN = RulesBrain()


def affirmative(text: str) -> bool | None:
    return detect_affirmative(correct(normalize(text).folded))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The last word of the decision is a no.
        ("yes, no wait", False), ("oui, non attendez", False),
        ("oui... enfin non", False), ("yes... well no", False),
        ("yeah actually no", False), ("oui en fait non", False),
        ("ok non attendez", False), ("ok no wait", False),
        ("yes no", False), ("oui non", False),
        ("oui mais non", False), ("yes but no", False),
        ("yes, no, the other one", False), ("oui, non, l'autre", False),
        ("yes... wait, no", False), ("d'accord... attendez, non", False),
        # A yes word inside a negative phrase is part of the no.
        ("that's not right", False), ("c'est pas d'accord", False),
        ("not fine at all", False), ("ce n'est pas top", False),
        # A yes taken back by a hesitation: no clear last decision.
        ("yes wait", None), ("oui attendez", None),
        ("yes, hold on", None), ("oui, un instant", None),
        ("yeah I don't know", None), ("oui enfin je sais pas", None),
        # A no corrected into a yes: the last clear decision wins.
        ("no, yes that's fine", True), ("non, oui c'est bon", True),
        ("no wait, yes please", True), ("non non, oui ça me va", True),
        ("wait, yes that's fine", True), ("attendez, oui c'est bon", True),
        # Unchanged: yes-words inside "no problem" are a yes, a plain no is a no.
        ("yes, no problem", True), ("oui, pas de souci", True),
        ("no", False), ("non", False),
    ],
)  # fmt: skip
def test_the_last_clear_decision_wins(text: str, expected: bool | None) -> None:
    assert affirmative(text) is expected


@pytest.mark.parametrize(
    "text",
    ["yes but not that one", "oui mais pas celui-là", "yes but not that one please",
     "ok mais pas celle-ci"],
)  # fmt: skip
@pytest.mark.parametrize("phase", ["confirm", "slot_choice"])
def test_yes_but_not_that_one_asks_for_other_options(text: str, phase: str) -> None:
    context = BrainContext(language="fr", phase=phase, now=NOW, offered=OFFERED)  # type: ignore[arg-type]
    understanding = _BRAIN.read(text, context)
    assert understanding.affirmative is not True
    assert understanding.wants_other_options is True
