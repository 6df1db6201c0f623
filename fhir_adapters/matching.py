"""Tolerant name matching shared by the backends: accents, titles, case and typos.

"dr martin", "Dr. Martín" and "docteur martn" all find Dr Martin. Uses rapidfuzz for the
similarity and unidecode to fold accents. Phones compare as E.164 (``normalize_phone``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import phonenumbers
from rapidfuzz import fuzz
from unidecode import unidecode

from fhir_adapters.resources import HumanName, Patient

_TITLES = re.compile(
    r"\b(dr|doctor|docteur|doc|prof|professor|professeur|pr|mr|mrs|ms|miss|mme|mlle|m|madame|"
    r"monsieur|mister|nurse|infirmier|infirmiere|the)\b\.?",
)
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def normalize_phone(text: str, region: str) -> str | None:
    """E.164 form of a phone number written any way, or None when it is not a number.

    Args:
        text: the number as written, e.g. "06 12 34 56 78" or "+33 6 12 34 56 78".
        region: ISO 3166 region for numbers written without a country code, e.g. "FR".
    """
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces."""
    ascii_text = unidecode(text).lower().replace("-", " ").replace("'", " ")
    return " ".join(_NON_WORD.sub(" ", ascii_text).split())


def strip_titles(text: str) -> str:
    """Fold ``text`` and drop titles such as "Dr", "Docteur", "Mme"."""
    return " ".join(_TITLES.sub(" ", fold(text)).split())


def human_name_variants(names: Iterable[HumanName] | None) -> list[str]:
    """Folded forms of a person's names worth matching against: family, given family, text."""
    variants: list[str] = []
    for name in names or []:
        family = fold(name.family or "")
        given = " ".join(fold(g) for g in (name.given or []) if g)
        for candidate in (family, f"{given} {family}", f"{family} {given}", fold(name.text or "")):
            candidate = candidate.strip()
            if candidate and candidate not in variants:
                variants.append(candidate)
    return variants


def name_score(query: str, variants: Iterable[str]) -> float:
    """Best similarity (0-100) between a spoken/typed name and a person's name variants."""
    q = strip_titles(query)
    if not q:
        return 0.0
    best = 0.0
    for variant in variants:
        if q == variant:
            return 100.0
        # token_set handles "martin" vs "paul martin"; ratio catches typos like "martn".
        best = max(best, fuzz.token_set_ratio(q, variant), fuzz.ratio(q, variant))
    return float(best)


MATCH_THRESHOLD = 80.0
"""Scores below this are not considered a match for a practitioner or service name."""


SAID_NAME_MIN = 75.0
"""How close a said full name must be to a record's once birth date and phone already match:
speech recognition turns "Perrin" into "Perrein" and "Emma Murphy" into "and the Murphy"."""


def sounds_like(said: str, people: Sequence[Patient]) -> Patient | None:
    """The one person whose full name is close to ``said`` (None when none, or several, are).

    Whole names are compared, given and family together, never the family name alone: "John
    Murphy" must not sound like Emma Murphy because they share a surname.
    """
    q = strip_titles(said)
    close = []
    for person in people:
        names = [v for v in human_name_variants(person.name) if " " in v]
        score = max(
            (max(fuzz.ratio(q, v), fuzz.token_sort_ratio(q, v)) for v in names), default=0.0
        )
        if score >= SAID_NAME_MIN:
            close.append(person)
    return close[0] if len(close) == 1 else None
