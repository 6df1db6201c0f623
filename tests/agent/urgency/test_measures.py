"""Temperatures, fever duration and a baby's age read from normalised text."""

from __future__ import annotations

import re

import pytest

from agent.urgency.measures import measure
from agent.urgency.rules import load_rules

FEVER: re.Pattern[str] = load_rules().concepts["fever"].regex  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("fever of 40", 40.0),
        ("il a 39.8 de fievre", 39.8),
        ("quarante de fievre", 40.0),
        ("trente neuf virgule cinq de fievre", 39.5),
        ("il a 39 5 de fievre", 39.5),
        ("temperature of 104 f", 40.0),
        ("fever of 103", 39.5),
        ("il a 40 degres", 40.0),
        ("mon bebe a 38.2", 38.2),
        ("fever since 10h40", None),
        ("fever , he is 40 years old", None),
        ("rendez vous a 10 h 40 pour la fievre", None),
        ("fever for 38 days", None),
    ],
)
def test_temperatures(text: str, celsius: float | None) -> None:
    found = measure(text, FEVER).max_temperature_c
    if celsius is None:
        assert found is None
    else:
        assert found == pytest.approx(celsius, abs=0.05)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("fever for 5 days", 5),
        ("de la fievre depuis une semaine", 7),
        ("fievre depuis plus de 3 jours", 3.5),
        ("ca fait quatre jours que j ai de la fievre", 4),
        ("5 jours de fievre", 5),
        ("my baby is six weeks old and has a fever", None),
    ],
)
def test_fever_duration(text: str, days: float | None) -> None:
    assert measure(text, FEVER).fever_days == days


@pytest.mark.parametrize(
    ("text", "infant"),
    [
        ("my 6 week old has a fever", True),
        ("mon bebe de 2 mois", True),
        ("le bebe de ma soeur a un mois", True),
        ("newborn", True),
        ("my 4 month old", False),
        ("my son is 4", False),
        ("mon bebe a de la fievre depuis 2 jours", False),
    ],
)
def test_infant_under_three_months(text: str, infant: bool) -> None:
    assert (measure(text, FEVER).infant_at is not None) is infant
