"""Times of day as people say them: "14h30", "2pm", "not before 10", "avant midi", "le matin".

Hours from 1 to 7 without "am"/"pm" are afternoon hours: nobody books a 3 a.m. visit.
"""

from __future__ import annotations

import re
from datetime import time

# "10h du matin", "8h du soir" are clock times, read by TIME, not parts of the day.
_NOT_SUFFIX = r"(?<!du )(?<!de l )"
PARTS_OF_DAY = (
    ("afternoon", re.compile(_NOT_SUFFIX + r"\b(?:afternoon|apres ?midi|aprem)\b")),
    ("morning", re.compile(_NOT_SUFFIX + r"\b(?:morning|matin|matinee|early in the day)\b")),
    (
        "evening",
        re.compile(
            _NOT_SUFFIX + r"\b(?:evening|soir|soiree|fin de (?:la )?journee|end of the day"
            r"|after work|apres le travail|tonight|ce soir)\b"
        ),
    ),
)
# Approximate times of day: (pattern, not before, not after). The slot search offers the
# nearest free slots around them.
APPROXIMATE: tuple[tuple[re.Pattern[str], time | None, time | None], ...] = tuple(
    (re.compile(pattern), start, end)
    for pattern, start, end in (
        (r"\b(?:after lunch|apres (?:le )?(?:dejeuner|repas)|apres manger)\b", time(13, 0),
         time(16, 30)),
        (r"\b(?:first thing(?: in the morning)?|(?:a|en) la premiere heure|tot le matin"
         r"|early (?:in the )?morning|des l ouverture)\b", None, time(10, 0)),
        (r"\b(?:early afternoon|(?:en )?debut d apres midi|start of the afternoon)\b",
         time(13, 0), time(15, 30)),
        (r"\b(?:late morning|(?:en )?fin de matinee|end of the morning)\b", time(10, 30),
         time(12, 30)),
        (r"\b(?:late afternoon|(?:en )?fin d apres midi|end of the afternoon)\b", time(16, 0),
         time(19, 0)),
        (r"\b(?:lunch ?time|around lunch|(?:a|vers|entre) (?:l heure du )?(?:dejeuner|midi et"
         r" deux))\b", time(11, 30), time(14, 30)),
    )
)  # fmt: skip
TIME = (
    r"(?:(\d{1,2})(?:\s*(?:h|:|heures?)\s*(\d{2})?)?\s*(am|pm|du matin|de l apres midi|du soir"
    r"|o ?clock)?|(noon|midday|midi(?: et demi)?))"
)
NOT_BEFORE = re.compile(
    r"\b(?:not before|pas avant|no earlier than|after|apres|a partir de|from|later than"
    r"|plus tard que|starting at|des|anytime after|n importe quand apres) " + TIME + r"\b"
)
NOT_AFTER = re.compile(
    r"\b(?:before|avant|not after|pas apres|no later than|au plus tard a|until|jusqu a"
    r"|by|earlier than) " + TIME + r"\b"
)
BETWEEN = re.compile(r"\b(?:between|entre) " + TIME + r" (?:and|et) " + TIME + r"\b")
AT = re.compile(r"\b(at|around|about|vers|aux alentours de|a|for|pour) " + TIME + r"\b")
# After these words a bare number is a time ("at 10"); after "à"/"for" it needs "h" or ":".
FIRM_AT = frozenset({"at", "around", "about", "vers", "aux alentours de"})
CLOCK = re.compile(r"\d\s*(?:h|:|heures?)")


def clock_time(groups: tuple[str | None, ...]) -> time | None:
    """The clock time of a ``TIME`` match's four groups (hour, minutes, suffix, noon)."""
    hour_s, minute_s, suffix, noon = groups
    if noon:
        return time(12, 30) if noon.endswith("demi") else time(12, 0)
    if hour_s is None:
        return None
    hour, minute = int(hour_s), int(minute_s or 0)
    is_pm = suffix in ("pm", "de l apres midi", "du soir")
    if is_pm and hour < 12:
        hour += 12
    elif suffix in (None, "o clock", "oclock") and 1 <= hour <= 7:
        hour += 12  # nobody books 3 a.m.: "after 5", "à 2 heures" are afternoon times
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


_HOUR = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_HOURS = {
    w: i + 1
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_SPOKEN = (
    (re.compile(rf"\bhalf past {_HOUR}\b"), 0, 30),
    (re.compile(rf"\bquarter past {_HOUR}\b"), 0, 15),
    (re.compile(rf"\bquarter to {_HOUR}\b"), -1, 45),
    (re.compile(rf"\bhalf {_HOUR}\b"), 0, 30),  # British "half ten"
    (re.compile(r"\b(\d{1,2}) (?:h|heures?) et demie?\b"), 0, 30),
    (re.compile(r"\b(\d{1,2}) (?:h|heures?) et quart\b"), 0, 15),
    (re.compile(r"\b(\d{1,2}) (?:h|heures?) moins (?:le )?quart\b"), -1, 45),
)
_IN_THE = re.compile(rf"\b{_HOUR}(?: o ?clock)? in the (morning|afternoon|evening)\b")


def _hour(word: str) -> int:
    return _HOURS.get(word) or int(word)


def spoken_clock(folded: str) -> str:
    """Clock times said in words as digits: "half past ten" -> "10:30", "10 heures et demie"
    -> "10:30", "quarter to three" -> "2:45", "one in the afternoon" -> "1 pm"."""
    for pattern, shift, minutes in _SPOKEN:

        def digits(m: re.Match[str], shift: int = shift, minutes: int = minutes) -> str:
            return f"{_hour(m.group(1)) + shift}:{minutes:02d}"

        folded = pattern.sub(digits, folded)
    return _IN_THE.sub(
        lambda m: f"{_hour(m.group(1))} {'am' if m.group(2) == 'morning' else 'pm'}", folded
    )
