"""Numbers the patterns cannot judge alone: body temperature, fever duration, a baby's age.

They become "computed" concepts (see concepts.yaml): ``temp_ge_39_5``, ``temp_ge_40``,
``fever_over_3_days`` and ``infant_under_3_months``. Temperatures count only next to a fever
word ("fever of 40", "40 de fièvre", "39,8 de température") or with a degree unit ("40°");
values from 95 to 110 are read as Fahrenheit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

MAX_CANDIDATES = 20
"""Numbers (and fever words) examined per text: a real message has a handful."""

_NUMBER_WORDS = [
    (r"quarante (?:et )?un", "41"),
    (r"quarante deux", "42"),
    (r"quarante", "40"),
    (r"trente neuf", "39"),
    (r"trente huit", "38"),
    (r"forty one", "41"),
    (r"forty two", "42"),
    (r"forty", "40"),
    (r"thirty nine", "39"),
    (r"thirty eight", "38"),
    (r"one hundred and (?:four|4)", "104"),
    (r"a hundred and (?:four|4)", "104"),
    (r"one hundred and (?:three|3)", "103"),
    (r"a hundred and (?:three|3)", "103"),
]
_WORDS_RE = re.compile(r"\b(?:" + "|".join(f"({p})" for p, _ in _NUMBER_WORDS) + r")\b")
_SMALL = {
    "un": 1, "une": 1, "one": 1, "a": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
    "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "quinze": 15, "fifteen": 15,
}  # fmt: skip
_SMALL_RE = "|".join(_SMALL)

_UNITS_AFTER = (
    r"h|heures?|hours?|hrs?|min\w*|ans?|years?|yo|jours?|days?|nights?|nuits?|semaines?|weeks?"
    r"|mois|months?|kg|kilos?|g|grammes?|mg|ml|cm|mm|m|euros?|eur|dollars?|pounds?|percent"
    r"|pour ?cent|fois|times|x|sa|eme|e|minutes?|secondes?|seconds?|ml|pills|comprimes"
)
_TEMP = re.compile(
    rf"(?<![\d:h.])(?<!\d h )(?<!\dh )(?<!\d : )(?<!\d: )\b(?P<int>3[4-9]|4[0-4]|9[5-9]|10\d|110)"
    rf"(?:\.(?P<dec>\d)|(?: virgule| point| et demi| and a half| 5(?= |$)))?"
    rf"(?P<f> ?(?:degres )?f(?:ahrenheit)?\b)?(?![\d.])(?! (?:{_UNITS_AFTER})\b)"
)
_STT_DECIMAL = re.compile(r"\b(3[6-9]|4[0-2]) ([1-9])\b(?! ?\d)(?! (?:" + _UNITS_AFTER + r")\b)")
_DEGREE_AFTER = re.compile(r" ?(?:degres?|degrees?|celsius|c\b)")

_DURATION = re.compile(
    rf"\b(?:for|since|over|during|pendant|depuis|ca fait|it s been|fait|past|last|the last"
    rf"|these|ces|already|deja) (?:(?P<more>more than|over|plus de|plus d|au moins|at least"
    rf"|almost|nearly|presque|about|around|environ) )?(?:the |les |a |an )?"
    rf"(?P<n>\d+|{_SMALL_RE}) (?P<unit>days?|jours?|nights?|nuits?|weeks?|semaines?)\b"
    rf"|\b(?P<n3>\d+|{_SMALL_RE}) (?P<unit3>days?|jours?|nights?|nuits?|weeks?|semaines?)"
    rf" (?:of|de|d) (?:fever|fievre|temperature|high temperature)\b"
    rf"|\b(?P<vague>several days|many days|plusieurs jours|over a week|toute la semaine|all week"
    rf"|(?:for|since|depuis|pendant|ca fait) (?:a|une|one|plus d une|more than a|over a)"
    rf" (?:week|semaine))\b"
)
_INFANT_EN = re.compile(
    rf"\b(?P<n>\d+|{_SMALL_RE}) ?(?P<unit>days?|weeks?|months?) old\b"
    rf"|\bborn (?P<n2>\d+|{_SMALL_RE}) (?P<unit2>days?|weeks?) ago\b"
)
_INFANT_FR = re.compile(
    rf"\b(?:bebe|nourrisson|fils|fille|enfant|garcon|petit|petite|il|elle|nouveau ne|he|she|baby"
    rf"|son|daughter|grandson|granddaughter|one|boy|girl|child|kid|twins)(?: \w+){{0,4}}?"
    rf" (?:de |qui a |age de |agee de |a "
    rf"|n a que |a seulement |is |s |is only |s only |only )"
    rf"(?P<n>\d+|{_SMALL_RE}) (?P<unit>jours?|semaines?|mois|days?|weeks?|months?)\b"
    rf"(?! (?:de (?:fievre|temperature)|ago|of fever))"
    rf"|\b(?P<n2>\d+|{_SMALL_RE}) (?P<unit2>jours?|semaines?) de vie\b"
    rf"|\b(?:bebe|nourrisson|baby|newborn|infant) (?P<n3>\d+|{_SMALL_RE})"
    rf" (?P<unit3>jours?|semaines?|days?|weeks?)\b"
)
_NEWBORN = re.compile(
    r"\b(?:newborn|new born|neonate|just born|nouveau ne|nouveau nee|vient de naitre|ne hier"
    r"|nee hier|born yesterday|premature baby|premie|bebe premature)\b"
)


@dataclass(frozen=True)
class Measures:
    """What the numbers in a text say."""

    max_temperature_c: float | None
    temperature_at: int | None
    """Where the highest temperature is written (approximate when number words were used)."""
    fever_days: float | None
    infant_at: int | None
    """Where a baby under 3 months is mentioned (its age or 'newborn'), if anywhere."""


_SPOKEN_DECIMAL = re.compile(
    r"\b(3[5-9]|4[0-2]) (?:point |virgule |et )?(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf"
    r"|one|two|three|four|five|seven|eight|nine)\b(?! (?:ans|years|days|jours|weeks|semaines))"
)
_DIGIT_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip


def _with_digits(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        for index, (_pattern, value) in enumerate(_NUMBER_WORDS, start=1):
            if match.group(index):
                return value
        return match.group(0)

    # "thirty nine five", "trente neuf virgule cinq": a spoken decimal.
    digits = _WORDS_RE.sub(one, text)
    return _SPOKEN_DECIMAL.sub(lambda m: f"{m.group(1)}.{_DIGIT_WORDS[m.group(2)]}", digits)


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _SMALL[token]


def temperatures(text: str, fever_spans: list[tuple[int, int]]) -> list[tuple[float, int]]:
    """Every body temperature in ``text`` (Celsius, position), near a fever word or with a unit."""
    found: list[tuple[float, int]] = []
    candidates: list[tuple[int, int, float, bool]] = []
    for m in _TEMP.finditer(text):
        value = float(m.group("int"))
        tail = m.group(0)[len(m.group("int")) :]
        if m.group("dec"):
            value += int(m.group("dec")) / 10
        elif any(w in tail for w in ("virgule", "point", "demi", "half", " 5")):
            value += 0.5
        fahrenheit = bool(m.group("f")) or value >= 95
        candidates.append((m.start(), m.end(), value, fahrenheit))
    for m in _STT_DECIMAL.finditer(text):
        candidates.append((m.start(), m.end(), float(m.group(1)) + int(m.group(2)) / 10, False))
    starts = [fs for fs, _fe in fever_spans]
    for start, end, value, fahrenheit in candidates[:MAX_CANDIDATES]:
        i = bisect_left(starts, start)
        near = fever_spans[max(0, i - 1) : i + 1]
        near_fever = any(abs(start - fs) <= 40 or abs(fe - start) <= 40 for fs, fe in near)
        # "38,2" with one decimal in the body-temperature range is a temperature on its own.
        decimal = not fahrenheit and "." in text[start:end] and 37 <= value < 43
        if not (near_fever or decimal or _DEGREE_AFTER.match(text, end)):
            continue
        celsius = (value - 32) * 5 / 9 if fahrenheit else value
        if fahrenheit and value >= 103:
            # 103 F (39.4 C) is what English speakers call a high fever.
            celsius = max(celsius, 39.5)
        if 34 <= celsius <= 44:
            found.append((round(celsius, 1), start))
    return found


def fever_days(text: str, fever_spans: list[tuple[int, int]]) -> float | None:
    """Longest duration (days) stated within 60 characters after a fever word, if any."""
    best: float | None = None
    for fs, fe in fever_spans[:MAX_CANDIDATES]:
        for m in _DURATION.finditer(text, max(0, fs - 60), min(len(text), fe + 60)):
            if m.group("vague"):
                days = 7.0 if "week" in m.group("vague") or "semaine" in m.group("vague") else 4
            else:
                days = float(_number(m.group("n") or m.group("n3")))
                if (m.group("unit") or m.group("unit3")).startswith(("week", "semaine")):
                    days *= 7
                if m.group("more"):
                    days += 0.5
            best = days if best is None else max(best, days)
    return best


def infant_under_3_months(text: str) -> int | None:
    """Where the text gives a baby's age under 3 months, or says newborn (None if nowhere)."""
    newborn = _NEWBORN.search(text)
    if newborn:
        return newborn.start()
    for regex in (_INFANT_EN, _INFANT_FR):
        for m in regex.finditer(text):
            n = m.group("n") or m.group("n2") or _group(m, "n3")
            unit = m.group("unit") or m.group("unit2") or _group(m, "unit3")
            if n is None or unit is None:  # pragma: no cover - every alternative sets both
                continue
            per_unit = 30 if unit.startswith(("month", "mois")) else 1
            if unit.startswith(("week", "sem")):
                per_unit = 7
            days = _number(n) * per_unit
            if days < 90:
                return m.start()
    return None


def measure(text: str, fever_words: re.Pattern[str]) -> Measures:
    """Read temperatures, fever duration and a baby's age from normalised ``text``.

    Args:
        text: normalised text.
        fever_words: the compiled ``fever`` concept, to find the words numbers must be near.
    """
    digits = _with_digits(text) if _WORDS_RE.search(text) else text
    spans = [m.span() for m in fever_words.finditer(digits)]
    temps = temperatures(digits, spans)
    hottest = max(temps) if temps else None
    return Measures(
        max_temperature_c=hottest[0] if hottest else None,
        temperature_at=hottest[1] if hottest else None,
        fever_days=fever_days(digits, spans) if spans else None,
        # Ages use small number words that _with_digits leaves alone: read the original text
        # so that the position is exact.
        infant_at=infant_under_3_months(text),
    )
