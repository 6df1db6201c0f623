"""Which of the offered options did the patient pick? "the second one", "celui de mardi",
"the 10 o'clock", "the one with Dr Martin"; and "none of those", "anything later?".

Options are resolved by ordinal first, then by narrowing the list with every clue the turn gives
(weekday, day of month, time of day, practitioner): exactly one survivor is a choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from agent.nlu.dates import find_dates
from agent.nlu.lexicon import NUMBERS, ORDINALS, WEEKDAYS
from agent.nlu.practitioners import find_practitioner
from agent.understanding import OfferedOption

_OTHER = re.compile(
    r"\b(?:none of (?:those|them|these)|neither|no other|something else|anything else"
    r"|other (?:options?|slots?|times?|days?|dates?)|another (?:one|slot|time|day|date|option)"
    r"|different (?:time|day|slot)|not that one|not this one|not those|doesn t suit|don t suit"
    r"|aucun(?:e)?(?: des| de ces)?|ni l un ni l autre|ni l une ni l autre|autre chose"
    r"|(?:d )?autres? (?:creneaux?|options?|horaires?|dates?|jours?|propositions?|heures?|rendez)"
    r"|un autre (?:jour|moment|creneau)|pas celui(?: la| ci)?|pas celle(?: la| ci)?"
    r"|pas ceux(?: la| ci)?|rien d autre|que proposez vous d autre|what else)\b"
)
_LATER = re.compile(
    r"(?<!au )(?<!le )\bplus tard\b(?! possible)|\blater\b|\bun peu apres\b|\bapres ca\b"
    r"|\bplus loin\b|\bfurther out\b|\bafter that\b"
)
_EARLIER = re.compile(
    r"(?<!au )(?<!le )\bplus tot\b(?! possible)|\bearlier\b|\bsooner\b|\bavant ca\b"
    r"|\bplus rapproche|\bplus proche|\bbefore that\b"
)
_NUMBER_WORDS = "one|two|three|four|five|un|une|deux|trois|quatre|cinq"
_NUMBER = re.compile(
    rf"\b(?:option|number|numero|num|choix|choice|#)\s*(\d|{_NUMBER_WORDS})\b"
    r"|^(?:le |la |the |number |numero )?(\d|two|three|four|five|deux|trois|quatre|cinq)"
    r"(?:er|ere|e|eme|st|nd|rd|th)?(?: (?:one|option|svp|please|s il vous plait))?[ .!]*$"
)
# "the first time", "last week", "just a second": ordinal words that do not rank an option.
_NOT_A_RANK = (
    r"(?:time|times|fois|week|semaine|month|mois|year|annee|visit|visite|appointment|rendez|rdv"
    r"|available|disponible|opinion|avis|name|prenom|nom)"
)
_TIME = re.compile(r"\b(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?\b|\b(\d{1,2})\s*(?:(am|pm)|o ?clock)")
# Clock times as transcribers and texters write them: "at 830", "the 1440", "8.30", "à 8 30".
# Only ever compared with the times on offer, so a stray number picks nothing.
_WRITTEN_CLOCK = re.compile(
    r"(?<![\d/:.,])(?:(\d{1,2})(\d{2})|(\d{1,2})\.(\d{2}))(?![\d/:]|\.\d)"
    r"|\b(?:at|a|de|vers|around|about|for|pour)\s+(\d{1,2})\s(\d{2})\b"
)
# Speech-to-text writes "the one at 9" as "the 1 at 9": a pronoun, not the 1st of the month.
_THE_ONE = re.compile(r"\bthe 1\b(?= (?:at|on|with|for|in|of)\b)")
_DAY_OF_MONTH = re.compile(
    r"\b(?:le|the)\s+(\d{1,2})(?:er|st|nd|rd|th)?\b(?!\s*(?:h|:|heures?|am|pm|o ?clock))"
)


@dataclass(frozen=True)
class ChoiceReading:
    """What a turn says about the offered options."""

    choice: int | None = None
    wants_other: bool = False
    wants_later: bool = False
    wants_earlier: bool = False


_RANK = re.compile(
    r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + rf")\b(?! {_NOT_A_RANK})"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(?: s)?\b")


def _ordinal(text: str, count: int) -> int | None:
    rank = _RANK.search(text)
    if rank:
        index = ORDINALS[rank.group(1)]
        return count - 1 if index == -1 else index
    m = _NUMBER.search(text)
    if m:
        said = m.group(1) or m.group(2)
        return (int(said) if said.isdigit() else NUMBERS[said]) - 1
    return None


def _narrow(text: str, names_text: str, options: list[OfferedOption]) -> list[OfferedOption]:
    remaining = list(options)
    clue = False
    days = {WEEKDAYS[m.group(1)] for m in _WEEKDAY.finditer(text)}
    if days:
        clue = True
        remaining = [o for o in remaining if o.start.isoweekday() in days]
    # "14.30" is a time when 14:30 is on offer, not a date: read it as one before dates.
    clocks = [
        m for m in _WRITTEN_CLOCK.finditer(text)
        if any(_at_clock(o, hour, minute) for o in options for hour, minute in _clock(m))
    ]  # fmt: skip
    dates_text = _WRITTEN_CLOCK.sub(" ", text) if clocks else text
    base = min(o.start.date() for o in options) - timedelta(days=1)
    said_dates = {(d.value.month, d.value.day) for d in find_dates(dates_text, base)}
    m = _DAY_OF_MONTH.search(dates_text)
    if said_dates:  # "the one on Thursday 10 December"
        clue = True
        remaining = [o for o in remaining if (o.start.month, o.start.day) in said_dates]
    elif m:
        clue = True
        remaining = [o for o in remaining if o.start.day == int(m.group(1))]
    t = _TIME.search(text)
    if t:
        clue = True
        hour = int(t.group(1) or t.group(3))
        minute = int(t.group(2)) if t.group(2) else 0 if t.group(0).endswith("clock") else None
        if t.group(4) == "pm" and hour < 12:
            hour += 12
        remaining = [
            o
            for o in remaining
            if o.start.hour % 12 == hour % 12
            and (t.group(4) is None or o.start.hour == hour)
            and (minute is None or o.start.minute == minute)
        ]
        on_the_hour = [o for o in remaining if o.start.minute == 0]
        if minute is None and len(remaining) > 1 and len(on_the_hour) == 1:
            remaining = on_the_hour  # "à 10h" with 10:00 and 10:30 on offer means 10:00
    elif clocks:
        clue = True
        times = [time for m in clocks for time in _clock(m)]
        remaining = [o for o in remaining if any(_at_clock(o, h, mi) for h, mi in times)]
    offered_names = [o.practitioner_name for o in remaining if o.practitioner_name]
    said = find_practitioner(names_text, offered_names) if offered_names else None
    named = [o for o in remaining if said and o.practitioner_name == said]
    if named:
        clue = True
        remaining = named
    return remaining if clue else []


def _clock(match: re.Match[str]) -> list[tuple[int, int]]:
    """The (hour, minute) a written clock time stands for; none when it is not a time."""
    hour, minute = (int(g) for g in match.groups() if g is not None)
    return [(hour, minute)] if hour < 24 and minute < 60 else []


def _at_clock(option: OfferedOption, hour: int, minute: int) -> bool:
    """ "830" is 8:30 or 20:30 (nobody says "the 2030" for half past eight); "1440" is 14:40."""
    start = option.start
    same_hour = start.hour == hour or (hour <= 12 and start.hour % 12 == hour % 12)
    return same_hour and start.minute == minute


def read_choice(
    corrected: str, options: list[OfferedOption], folded: str | None = None
) -> ChoiceReading:
    """Resolve a turn against the offered options.

    Args:
        corrected: the folded, spelling-repaired turn.
        options: what the agent offered, in the order it offered them.
        folded: the folded turn before spelling repair, for practitioner names.
    """
    corrected = _THE_ONE.sub("the one", corrected)
    wants_other = bool(_OTHER.search(corrected))
    wants_later = bool(_LATER.search(corrected))
    wants_earlier = bool(_EARLIER.search(corrected))
    choice: int | None = None
    if options and not wants_other:
        index = _ordinal(corrected, len(options))
        if index is not None and 0 <= index < len(options):
            choice = index
        else:
            remaining = _narrow(corrected, folded or corrected, options)
            if len(remaining) == 1:
                choice = options.index(remaining[0])
    return ChoiceReading(choice, wants_other, wants_later, wants_earlier)
