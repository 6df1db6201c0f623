"""Numbers, dates and names as callers say them aloud: "twenty-fifth of August seventy-two",
"le vingt-cinq août soixante-douze", "Brown, Michael". Data for the phrase banks only."""

from __future__ import annotations

from datetime import date

from agent.replies.dates import MONTHS


def _words(text: str) -> list[str]:
    return text.split()


_EN_UNITS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_EN_TENS = _words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_EN_ORD = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
    "twenty": "twentieth",
    "thirty": "thirtieth",
}
_FR_UNITS = _words(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf"
)
_FR_TENS = _words("_ _ vingt trente quarante cinquante soixante soixante quatre-vingt quatre-vingt")


def en_number(n: int) -> str:
    """0-99 in English words ("seventy-two")."""
    if n < 20:
        return _EN_UNITS[n]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")


def en_ordinal(n: int) -> str:
    """1-31 as an English ordinal in words ("twenty-fifth")."""
    words = en_number(n).split("-")
    last = words[-1]
    words[-1] = _EN_ORD.get(last, last + "th")
    return "-".join(words)


def fr_number(n: int) -> str:
    """0-99 in French words ("soixante-douze", "quatre-vingt-cinq")."""
    if n < 20:
        return _FR_UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        return _FR_TENS[tens] + ("-et-" if n == 71 else "-") + _FR_UNITS[10 + unit]
    base = _FR_TENS[tens]
    if unit == 0:
        return base + ("s" if tens == 8 else "")
    return base + ("-et-" if unit == 1 and tens != 8 else "-") + _FR_UNITS[unit]


def en_year(year: int) -> str:
    """A year as said in English ("nineteen seventy-two", "two thousand and three")."""
    if 2000 <= year < 2010:
        return "two thousand" + (f" and {en_number(year - 2000)}" if year > 2000 else "")
    high, low = divmod(year, 100)
    return f"{en_number(high)} {en_number(low) if low >= 10 else 'oh ' + en_number(low)}"


def fr_year(year: int) -> str:
    """A year as said in French ("mille neuf cent soixante-douze", "deux mille trois")."""
    if year >= 2000:
        return "deux mille" + (f" {fr_number(year - 2000)}" if year > 2000 else "")
    return f"mille neuf cent {fr_number(year - 1900)}"


def birth_forms(born: date, language: str) -> list[str]:
    """Every way the natural callers give a birth date, most common first."""
    month = MONTHS[language][born.month - 1]
    if language == "en":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            born.day % 10 if born.day not in (11, 12, 13) else 0, "th"
        )
        return [
            born.strftime("%d/%m/%Y"),
            f"{month} {born.day}{suffix}, {born.year % 100:02d}",
            f"in {born.year} on the {born.day}{suffix} of {month}",
            f"the {en_ordinal(born.day)} of {month} {en_year(born.year)}",
            born.strftime("%d.%m.%Y"),
            f"{born.day} {month} {born.year}",
        ]
    day = "1er" if born.day == 1 else str(born.day)
    return [
        born.strftime("%d/%m/%Y"),
        f"le {day} {month} {born.year % 100:02d}",
        f"en {born.year}, le {day} {month}",
        f"le {fr_number(born.day)} {month} {fr_year(born.year)}",
        born.strftime("%d.%m.%Y"),
        f"le {day} {month} {born.year}",
    ]
