"""Implausible names, birth years and phone numbers are caught for a polite re-ask."""

from __future__ import annotations

import re
from datetime import date

import pytest

from agent.nlu.plausibility import check

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Robert'); DROP TABLE patients;--", "name"),
        ("the the the", "name"),
        ("le le le", "name"),
        ("xkcd prst", "name"),
        ("Marie Dupont, born 12 March 1800", "birth_date"),
        ("Jean Martin, né le 3 mars 2031", "birth_date"),
        ("mon numéro c'est le 06 12", "phone"),
    ],
)
def test_implausible_answers_are_named(raw: str, expected: str) -> None:
    words = re.findall(r"[^\W\d_]+", raw)
    assert check(raw, raw.lower(), words, today=TODAY, phone=None, birth=None) == expected


@pytest.mark.parametrize(
    "raw", ["Marie Dupont, 12 mars 1985", "O'Brien Seán", "Le Gall Yann", "Nguyen Chloé"]
)
def test_real_names_pass(raw: str) -> None:
    words = re.findall(r"[^\W\d_]+", raw)
    assert check(raw, raw.lower(), words, today=TODAY, phone=None, birth=date(1985, 3, 12)) is None
