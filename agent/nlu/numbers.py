"""Numbers said in words become digits ("douze mars quatre-vingt-cinq" -> "12 mars 85",
"zéro six douze..." -> "06 12 ..."), so dates, times, phones and option numbers said aloud
(speech-to-text spells them out) are read like typed ones. Uses text2num's ``alpha2digit``;
small numbers stay words ("un rendez-vous", "the second one").
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

from agent.nlu.lexicon import MONTHS
from agent.understanding import Language

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# "nineteen eighty-five" comes out as "19 85": a year when it follows a date.
_SPLIT_YEAR = re.compile(
    rf"(\b{_MONTH}|\d(?:st|nd|rd|th|er|e)?)(,? (?:of )?(?:{_MONTH} )?)(19|20) (\d{{2}})\b"
)
_SEPT = re.compile(r"\b(\d{1,2}(?:er)?) sept\b(?!embre)")
_OTHER: dict[Language, Language] = {"fr": "en", "en": "fr"}
_ZERO = re.compile(r"\bzero (?=\d)")
_FIRST = re.compile(rf"\b(?:premier|first)(?= (?:of )?{_MONTH}\b)")
_ORDINAL_DAYS = {
    w: str(i + 2)
    for i, w in enumerate(
        [
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ]
    )
}
# "the second of March": ordinals text2num leaves alone (they also rank options).
_ORDINAL_DAY = re.compile(rf"\b({'|'.join(_ORDINAL_DAYS)})(?= (?:of )?{_MONTH}\b)")


def spell_out_numbers(folded: str, language: Language | None, fallback: Language = "fr") -> str:
    """Return ``folded`` (folded text) with number words turned into digits.

    Args:
        folded: the folded turn.
        language: the turn's language when known.
        fallback: the conversation's language, tried first when the turn's is unknown; the
            other language is tried when it finds no number.
    """
    if not folded:
        return folded
    # "12 sept" is September, not the number seven.
    folded = _SEPT.sub(r"\1 septembre", folded)
    order: list[Language] = [language] if language else [fallback, _OTHER[fallback]]
    text = folded
    for lang in order:
        try:
            text = alpha2digit(folded, lang)
        except (ValueError, RuntimeError):  # the parser rejects some malformed sequences
            continue
        if text != folded:
            break
    text = _ZERO.sub("0", text)
    text = _FIRST.sub("1", text)
    text = _ORDINAL_DAY.sub(lambda m: _ORDINAL_DAYS[m.group(1)], text)
    return _SPLIT_YEAR.sub(r"\1\2\3\4", text)
