"""One closed question that tells an urgent call from an emergency, asked while staff come.

Some urgent flags differ from an emergency by a single sign the caller can confirm: pain in
pregnancy that is very strong, a baby who has stopped moving, a rash with a fever, a cut that
will not stop bleeding. The sign is often the very word a bad phone line loses ("des douleurs
au ventre atroces" heard "au ventre à cause"). A nurse on the phone would ask; so does the
agent, with the urgent handoff (the staff Task is already queued, so a caller who hangs up
loses nothing). A yes makes the call that emergency; a no, or an answer that says neither,
leaves it urgent. The questions are data: ``ask`` in ``data/red_flags.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from agent.nlu.normalize import normalize
from agent.nlu.spelling import correct
from agent.nlu.yesno import detect_affirmative, says_no
from agent.understanding import Language, UrgencyLevel
from agent.urgency.models import RedFlag
from agent.urgency.rules import load_rules

_LIKELY = re.compile(
    r"\b(?:i think so|i believe so|probably|je crois|je pense|probablement|sans doute)\b"
    r"(?! (?:not|pas)\b)"
)
"""A caller's "I think so" counts: an emergency over-called costs less than one missed."""


class FollowUp(BaseModel):
    """The question one urgent flag asks, and the emergency a yes means."""

    model_config = ConfigDict(frozen=True)

    flag: str
    """The urgent flag that asks."""
    to: str
    """The emergency flag a yes makes of the call."""
    again: bool = False
    """Asked a second time (an answer on a phone line that said neither yes nor no)."""
    third_party: bool = False
    """The person concerned is not the caller (the emergency reply says so)."""
    subject: str | None = None
    subject_en: str | None = None
    subject_fr: str | None = None

    def question(self, language: Language) -> str:
        """The question, in ``language``."""
        ask = load_rules().flag(self.flag).ask
        assert ask is not None  # a FollowUp is only made for a flag that asks
        return ask.question[language]


def follow_up(flags: Iterable[RedFlag]) -> FollowUp | None:
    """The question of the first fired flag that has one (flags come highest level first).

    Only an urgent call asks: an emergency needs no question, a routine one no handoff.
    """
    fired = list(flags)
    if any(flag.level is UrgencyLevel.EMERGENCY for flag in fired):
        return None
    book = load_rules()
    for flag in fired:
        ask = book.flag(flag.code).ask
        if ask is not None:
            return FollowUp(
                flag=flag.code,
                to=ask.to,
                third_party=flag.third_party,
                subject=flag.subject,
                subject_en=flag.subject_en,
                subject_fr=flag.subject_fr,
            )
    return None


def decision(text: str) -> bool | None:
    """Yes (True), no (False), or neither (None: "Wage" for a "oui" lost on the line, "I don't
    know"). A no anywhere wins: "non, ça va" is a no, though its last words read as a yes."""
    said = correct(normalize(text).folded)
    if says_no(said):
        return False
    if detect_affirmative(said) is True or _LIKELY.search(said) is not None:
        return True
    return None


def answered(follow: FollowUp, text: str, language: Language) -> RedFlag | None:
    """The emergency a yes to ``follow``'s question means; None for a no or an unclear answer.

    The answer's own words are read by the red-flag rules as any turn (by the caller); this
    reads only the decision, as a read-back does ("oui", "yes it is", "non, ça va").
    """
    if decision(text) is not True:
        return None
    said = correct(normalize(text).folded)
    rule = load_rules().flag(follow.to)
    asked = " ".join(word.fold for word in normalize(follow.question(language)).words)
    return RedFlag(
        code=rule.code,
        level=rule.level,
        label_en=rule.label_en,
        label_fr=rule.label_fr,
        evidence=f"{asked}: {said}"[:200],
        third_party=follow.third_party,
        subject=follow.subject,
        subject_en=follow.subject_en,
        subject_fr=follow.subject_fr,
    )
