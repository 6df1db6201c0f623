"""Small shared word lists (folded forms): weekdays, months, ordinals, number words, and the
longer lists of ``words.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=16)
def word_list(name: str) -> frozenset[str]:
    """One space-separated list of ``words.yaml`` ("french", "keywords", "not_names", ...)."""
    data = yaml.safe_load(Path(__file__).with_name("words.yaml").read_text("utf-8"))
    return frozenset(str(data[name]).split())


WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5,
    "samedi": 6, "dimanche": 7,
}  # fmt: skip

MONTHS: dict[str, int] = {
    "janvier": 1, "january": 1, "jan": 1, "janv": 1, "fevrier": 2, "february": 2, "feb": 2,
    "fev": 2, "fevr": 2, "mars": 3, "march": 3, "mar": 3, "avril": 4, "april": 4, "apr": 4,
    "avr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7, "july": 7,
    "jul": 7, "juil": 7, "aout": 8, "august": 8, "aug": 8, "septembre": 9, "september": 9,
    "sept": 9, "sep": 9, "octobre": 10, "october": 10, "oct": 10, "novembre": 11,
    "november": 11, "nov": 11, "decembre": 12, "december": 12, "dec": 12,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 0, "1st": 0, "premier": 0, "premiere": 0, "1er": 0, "1ere": 0,
    "second": 1, "2nd": 1, "deuxieme": 1, "seconde": 1, "2e": 1, "2eme": 1, "2nde": 1,
    "third": 2, "3rd": 2, "troisieme": 2, "3e": 2, "3eme": 2,
    "fourth": 3, "4th": 3, "quatrieme": 3, "4e": 3, "4eme": 3,
    "fifth": 4, "5th": 4, "cinquieme": 4, "5e": 4, "5eme": 4,
    "last": -1, "dernier": -1, "derniere": -1, "latter": -1,
    "former": 0, "middle": 1, "milieu": 1,
}  # fmt: skip
"""Ordinal words to 0-based indexes; -1 means the last option."""

NUMBERS: dict[str, int] = {
    "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
    "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8,
    "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11, "douze": 12,
    "twelve": 12, "quinze": 15, "fifteen": 15, "a": 1, "an": 1, "quelques": 3, "few": 3,
    "couple": 2,
}  # fmt: skip
"""Small cardinal numbers as said ("in two weeks", "dans quinze jours")."""
