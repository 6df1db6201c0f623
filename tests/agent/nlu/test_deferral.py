"""Leaving the choice to the agent, in French and English."""

from __future__ import annotations

import pytest

from agent.nlu.deferral import defers_choice, defers_time
from agent.nlu.normalize import fold


@pytest.mark.parametrize(
    "text",
    ["Any of them.", "Whichever, you pick.", "You choose, really.", "Any of those is fine.",
     "I'm not fussy, pick one.", "N'importe lequel.", "Peu importe, choisissez.",
     "Celui que vous voulez.", "Comme vous voulez.", "Le premier qui vient."],
)  # fmt: skip
def test_any_offered_option_will_do(text: str) -> None:
    assert defers_choice(fold(text))


@pytest.mark.parametrize(
    "text",
    ["Whatever you have first is fine.", "The earliest you've got.", "Anytime, I'm flexible.",
     "Whatever suits you.", "Doesn't matter, whenever.", "Quand vous voulez.",
     "N'importe quand, je suis dispo.", "Ce que vous avez de plus tôt.", "Peu importe."],
)  # fmt: skip
def test_any_time_will_do(text: str) -> None:
    assert defers_time(fold(text))


@pytest.mark.parametrize("text", ["The second one.", "Tuesday please.", "Le deuxième.", "Non."])
def test_a_real_choice_is_not_deferring(text: str) -> None:
    assert not defers_choice(fold(text)) and not defers_time(fold(text))
