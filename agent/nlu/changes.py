"""Changes to an existing visit said in everyday words: "take me off the list for Thursday",
"push it back a week", "I can't make Thursday, what else have you got?", "décaler à jeudi",
"avancer mon rendez-vous", "on peut le mettre plus tard dans la journée ?".

Three things are read: whether the turn cancels or moves a visit, which day the visit it talks
about is on ("my appointment on Thursday" names the visit, not the new day), and how to move it
relative to itself (later the same day, earlier, a week later, any other day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from agent.nlu.lexicon import NUMBERS
from agent.nlu.when import read_time
from agent.understanding import Intent, Move

_ALTERNATIVE = (
    r"(?:what else|anything else|something else|another (?:time|day|slot|date)|other (?:times?"
    r"|days?|slots?|dates?)|instead|autre chose|un autre (?:jour|moment|creneau|horaire)"
    r"|a la place|plutot|d autres? (?:creneaux|jours|dates))"
)
_CANNOT = (
    r"(?:can t|cannot|can not|won t|will not|not going to|unable to|couldn t) (?:be able to )?"
    r"(?:make(?: it)?|come(?: in)?|be (?:there|coming|in)|attend|do)"
    r"|(?:ne )?(?:pourrai|pourrais|peux|vais|viendrai|serai|pourrons) pas(?: venir| etre la"
    r"| y aller| passer)?|(?:je )?suis (?:hospitalise|empeche)e?|empechement"
)
_CANCEL = re.compile(
    r"\btake me off\b|\bscratch (?:my|the|that)\b|\bgive my (?:slot|place|appointment|spot)\b"
    r"|\b(?:drop|remove|delete|strike) (?:my|the) (?:appointment|booking|slot)\b"
    r"|\bretirer du planning\b|\bme retirer\b|\benlever? (?:mon|ma|le) \w+|\benlevez\b"
    r"|\bdonner ma place\b|\bliberer (?:ma|mon) (?:place|creneau|rendez vous|rdv)\b"
    rf"|\b(?:{_CANNOT})\b(?!.*\b{_ALTERNATIVE}\b)"
)
_RESCHEDULE = re.compile(
    r"\bpush (?:it |this |that |my \w+ |the \w+ )?(?:back|out)\b|\bbring (?:it |my \w+ )?forward\b"
    r"|\bmove (?:it|this|that)\b|\binstead of\b|\brather than (?:on )?\w+day\b"
    r"|\b(?:earlier|sooner) than my\b|\blater in the day\b|\bsomething s come up\b"
    r"|\b(?:changer|modifier|decaler|deplacer|avancer|repousser|reporter) (?:ma|mon|la|le) "
    r"(?:seance|rendez vous|rdv|consultation|visite|creneau|kine|passage)\b"
    r"|\bon (?:peut|pourrait) (?:le|la) (?:mettre|decaler|deplacer|avancer|repousser|changer)\b"
    r"|\bau lieu de\b|\bavancer\b|\brepousser\b|\bdecaler\b"
    r"|\b(?:cancel|annul\w*)\b.{0,40}\b(?:find|book|give|get|trouve\w*|donne\w*|prendre|mettre)"
    r"\b.{0,40}\b(?:instead|plutot|a la place)\b"
    r"|\b(?:cancel|annul\w*)\b.{0,30}\b(?:and|et|then|puis)\b(?: \w+)? (?:me |m )?(?:find|book"
    r"|rebook|give|get|trouve\w*|donne\w*|reprendre|redonne\w*|propose\w*)\b"
    rf"|\b(?:{_CANNOT})\b.*\b{_ALTERNATIVE}\b"
    r"|\b(?:about|regarding|concerning|au sujet de|concernant|pour) (?:my|mon|ma) (?:appointment"
    r"|appt|rendez vous|rdv|seance|visit|visite)\b.{0,120}\b(?:is there anything|anything (?:else"
    r"|on|the)|something (?:else|on|the)|another|instead|vous (?:avez|auriez)|avez vous|auriez vous"
    r"|autre chose|plutot)\b"
)
# After these words a day names the visit the caller already has.
_ANCHOR = re.compile(
    r"\b(?:(?:appointment|appt|booking|rendez vous|rdv|seance|consultation|visite?|slot|place"
    r"|creneau|planning) (?:(?:on|for|of|de|du|d|this|ce|cette|prevu|prevue)\s+)*"
    r"|(?:take me off|off) (?:the )?(?:list|schedule|books) (?:for |on )?"
    rf"|(?:{_CANNOT})\s+(?:(?:on|for|le|ce)\s+)?"
    r"|instead of (?:on )?|rather than (?:on )?|au lieu de |something s come up (?:on |for )?"
    r"|the one (?:(?:i ve got|i have|i ve|i m booked|i had) )?(?:on |for )?"
    r"|(?:celle|celui) (?:du |de )"
    r"|(?:cancel|annuler|annulez) (?:(?:my|mon|ma|le|the|on|de|du) )*)"
)
_STOP = re.compile(r"[,.;?!]|\b(?:to|a|au|pour|instead|plutot|and|et|but|mais|what|can|could"
                   r"|vous|so|donc|because|car|please|svp|with|avec)\b")  # fmt: skip
_WEEKS_LATER = re.compile(
    r"\b(?:back|later|out|plus tard|repousser|decaler|reporter)\b.{0,25}?\b(?:by )?"
    r"(a|one|two|three|1|2|3|une|deux|trois) (?:weeks?|semaines?)\b"
    # "(repousser ...) d'une semaine"; never "I'd had a cough for two weeks".
    r"|\bd (une|deux|trois|1|2|3) semaines?\b"
    r"|\b(a|one|two|1|2|une|deux) (?:weeks?|semaines?) (?:later|plus tard|after|apres)\b"
)
_SAME_DAY_LATER = re.compile(
    r"\blater (?:in|on|that|the same) (?:the )?day\b|\blater that (?:day|afternoon|morning)\b"
    r"|\bplus tard (?:dans la journee|le meme jour|dans l apres midi|dans la matinee)\b"
)
_EARLIER = re.compile(
    r"\b(?:earlier|sooner) than\b|\bbring (?:it |my \w+ )?forward\b|\bavancer\b|\bplus tot que\b"
    r"|\bcome in (?:earlier|sooner)\b|\bany sooner\b|\bplus rapproche\b"
)
_LATER = re.compile(r"\bpush (?:it |this |that |my \w+ |the \w+ )?(?:back|out)\b|\brepousser\b"
                    r"|\breporter\b")  # fmt: skip
_OTHER = re.compile(rf"\b{_ALTERNATIVE}\b|\bsomething s come up\b|\bfind another\b")


@dataclass(frozen=True)
class ChangeReading:
    """What a turn says about changing a visit the caller already has."""

    intent: Intent | None = None
    appointment_day: date | None = None
    move: Move | None = None
    move_days: int | None = None
    rest: str = ""
    """The turn with the visit's day blanked out: what is left says when to move it to."""
    explicit: bool = False
    """The words ask to cancel or move ("décaler", "take me off"), not only "two weeks after"."""


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


# "My Saturday appointment": the day before the noun names the visit too.
_DAY_FIRST = re.compile(
    r"\b(?:my|the|this|that|our)\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)(?: s)?\s+"
    r"(?:appointment|appt|booking|one|visit|session|slot)\b"
)


def _visit_day(corrected: str, now: datetime) -> tuple[date | None, str]:
    if m := _DAY_FIRST.search(corrected):
        found = read_time(m.group(1), now, day_only=True)
        if found and found.earliest_date and found.earliest_date == found.latest_date:
            start, end = m.span(1)
            return found.earliest_date, corrected[:start] + " " * (end - start) + corrected[end:]
    for m in _ANCHOR.finditer(corrected):
        tail = corrected[m.end() :]
        stop = _STOP.search(tail)
        phrase = tail[: stop.start()] if stop else tail
        if not phrase.strip() or len(phrase.split()) > 5:
            continue
        # "celle du 25": a bare number after the anchor is a day of the month.
        said = f"le {phrase.strip()}" if phrase.strip().isdigit() else phrase
        found = read_time(said, now, day_only=True)
        if found and found.earliest_date and found.earliest_date == found.latest_date:
            start, end = m.end(), m.end() + len(phrase)
            return found.earliest_date, corrected[:start] + " " * (end - start) + corrected[end:]
    return None, corrected


def read_change(corrected: str, now: datetime) -> ChangeReading:
    """Read a cancellation or a move said in everyday words (folded, corrected text)."""
    intent = None
    if _RESCHEDULE.search(corrected):
        intent = Intent.RESCHEDULE
    elif _CANCEL.search(corrected):
        intent = Intent.CANCEL
    day, rest = _visit_day(corrected, now)
    move: Move | None = None
    days = None
    if m := _WEEKS_LATER.search(corrected):
        move, days = "later", 7 * _number(next(g for g in m.groups() if g))
    elif _SAME_DAY_LATER.search(corrected):
        move = "later_same_day"
    elif _EARLIER.search(corrected):
        move = "earlier"
    elif _LATER.search(corrected):
        move = "later"
    elif intent is Intent.RESCHEDULE and _OTHER.search(corrected):
        move = "other_day"
    explicit = intent is not None
    if move is not None and intent is None:
        intent = Intent.RESCHEDULE
    return ChangeReading(intent, day, move, days, rest, explicit)
