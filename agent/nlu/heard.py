"""Speech-recognition slips in dates, read on voice calls before anything else.

Whisper writes a month it does not catch as a word that sounds like it: "le 15 même 1976" for
"le 15 mai 1976". Between a day and a year only a month can stand, so there a word that is no
month but sounds like one (espeak phonemes, ``agent.phonetics``) is read as that month.

It also runs "né le 5" into a year: "Chloé Nguyen, 1905 décembre 1995". Nobody says a year, a
month and another year as a date, so a year-like number right before a month and a year is
read as the day it ends with ("5 décembre 1995").

And it writes an English "-teen" it barely hears as a "-ty": "born 40 March 2022" for the
14th. No month has a 40th, so a day of 40 to 90 before a month is its "-teen".

Only transcripts are read this way: a texter's "le 15 même 1976" is not a date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from agent.nlu.lexicon import MONTHS
from agent.phonetics import LANGUAGES, readings
from agent.replies.dates import MONTHS as MONTH_NAMES

_DAY_WORD_YEAR = re.compile(
    r"\b([0-3]?\d)(?:er|st|nd|rd|th)? (?:of |de )?([^\W\d_]{2,}),? ((?:19|20)\d\d)\b"
)


_YEAR_WORD_YEAR = re.compile(r"\b(?:19|20)(0[1-9]|[12]\d|3[01]) ([^\W\d_]{2,}),? ((?:19|20)\d\d)\b")
_TY_DAY = re.compile(r"\b([4-9])0(?=(?:th)? (?:of )?([^\W\d_]{3,})\b)")


def dates_heard(text: str) -> str:
    """``text`` with the dates a recogniser garbles read as said: a "-teen" heard as a "-ty"
    ("40 March 2022" -> "14 March 2022"), a day run into a year ("1905 décembre 1995" -> "5
    décembre 1995") and a word that sounds like a month, between a day and a year, made that
    month ("le 15 même 1976" -> "le 15 mai 1976")."""
    text = _TY_DAY.sub(_teen, text)
    return _DAY_WORD_YEAR.sub(_month, _YEAR_WORD_YEAR.sub(_day, text))


def _teen(match: re.Match[str]) -> str:
    if not _is_month(match.group(2)):
        return match.group(0)  # "40 minutes", "90 years"
    return f"1{match.group(1)}"


def _day(match: re.Match[str]) -> str:
    word = match.group(2)
    month = word if _is_month(word) else _sounds_like_month(word.lower())
    if month is None:
        return match.group(0)  # "1990 and 1995": two years, no date
    return f"{int(match.group(1))} {month} {match.group(3)}"


def _month(match: re.Match[str]) -> str:
    word = match.group(2)
    month = None if _is_month(word) else _sounds_like_month(word.lower())
    if month is None:
        return match.group(0)
    text = match.string
    return f"{text[match.start() : match.start(2)]}{month}{text[match.end(2) : match.end()]}"


def _is_month(word: str) -> bool:
    return unidecode(word).lower() in MONTHS


@lru_cache(maxsize=1024)
def _sounds_like_month(word: str) -> str | None:
    """The month ``word`` is closest to by sound, if a phoneme away (one in three), and no
    other month is as close."""
    distances: dict[int, tuple[int, str]] = {}  # month number -> (distance, name)
    for language in LANGUAGES:  # French names the French way, English ones the English way
        names = MONTH_NAMES[language]
        for number, heard, said in readings(word, names, (language,)):
            distance = Levenshtein.distance(heard, said)
            if distance <= max(1, len(said) // 3) and distance < distances.get(number, (99,))[0]:
                distances[number] = (distance, names[number])
    ranked = sorted(distances.values())
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None  # no month, or as close to two: no guess
    return ranked[0][1]
