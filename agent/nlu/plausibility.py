"""Is what the caller gave believable? A line of code is not a surname, 1800 is not a birth
year, four digits are not a phone number. An implausible answer is dropped and named, so the
agent can ask again politely instead of searching (or registering) nonsense.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

Implausible = Literal["name", "birth_date", "phone"]

_CODE = re.compile(
    r"[;{}<>=*\\|$#@%^&_~\[\]]|--|\b(?:drop|select|insert|delete|update|union)\b.{0,20}"
    r"\b(?:table|from|into|set|select)\b|<script|\bnull\b",
    re.IGNORECASE,
)
_VOWELS = re.compile(r"[aeiouyàâäéèêëïîôöùûüÿæœ]", re.IGNORECASE)
_YEAR = re.compile(r"\b(1\d{3}|2\d{3})\b")
_DIGITS = re.compile(r"\d[\d .-]{3,}\d")


def implausible_name(raw: str, words: list[str]) -> bool:
    """True when the turn given as a name cannot be one (code, no vowels, one word repeated)."""
    if _CODE.search(raw):
        return True
    letters = [w for w in words if len(w) >= 4]  # "Mrs", "Dr" have no vowel either
    if any(not _VOWELS.search(w) for w in letters):
        return True
    return len(words) >= 3 and len(set(w.lower() for w in words)) == 1


def implausible_birth_year(folded: str, today: date) -> bool:
    """True when the turn gives a year nobody alive was born in (or one still to come)."""
    years = [int(y) for y in _YEAR.findall(folded)]
    return bool(years) and all(y > today.year or y < today.year - 120 for y in years)


def implausible_phone(folded: str, phone: str | None, birth: date | None) -> bool:
    """True when digits were said as a phone number but do not make one."""
    if phone or birth:
        return False
    runs = [re.sub(r"\D", "", m) for m in _DIGITS.findall(folded)]
    return any(4 <= len(r) < 9 or len(r) > 15 for r in runs)


def check(
    raw: str, folded: str, words: list[str], *, today: date, phone: str | None, birth: date | None
) -> Implausible | None:
    """The first implausible thing in an identity answer, or None."""
    if implausible_name(raw, words):
        return "name"
    if birth is None and implausible_birth_year(folded, today):
        return "birth_date"
    if implausible_phone(folded, phone, birth):
        return "phone"
    return None
