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
TIME = (
    r"(?:(\d{1,2})(?:\s*(?:h|:|heures?)\s*(\d{2})?)?\s*(am|pm|du matin|de l apres midi|du soir"
    r"|o ?clock)?|(noon|midday|midi))"
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
        return time(12, 0)
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
