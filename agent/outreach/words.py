"""What a short reply to one of our messages means: STOP, START, C, ANNULER, a number.

Replies are folded (no accents, no case, no punctuation) and matched as whole messages:
"STOP", "Arrêt !" and "stop." opt out, but "I can't stop coughing" does not.
"""

from __future__ import annotations

import re
from typing import Literal

from agent.nlu.yesno import detect_affirmative
from fhir_adapters.matching import fold

Meaning = Literal["stop", "start", "confirm", "cancel", "yes", "no", "choice", "other"]

_STOP = {
    "stop", "stopall", "arret", "arreter", "unsubscribe", "desinscription", "desabonner",
    "desabonnement", "end", "quit", "stop sms", "stop messages",
}  # fmt: skip
_START = {"start", "unstop", "demarrer", "reprendre", "start sms"}
_CONFIRM = {
    "c", "confirm", "confirmed", "confirme", "confirmer", "je confirme", "i confirm",
    "ok c", "c ok", "conf",
}  # fmt: skip
_CANCEL = {
    "annuler", "annule", "annulation", "annulez", "je veux annuler", "cancel",
    "cancel appointment", "cancel my appointment", "annuler rdv",
    "annuler le rdv", "annuler le rendez vous", "annuler mon rendez vous",
}  # fmt: skip
_CHOICE = re.compile(r"^(?:n ?|no ?|numero |number |option |choix )?([1-9])$")


def meaning_of(text: str) -> tuple[Meaning, int | None]:
    """The meaning of a reply, and the number chosen for ``choice``."""
    folded = fold(text)
    if folded in _STOP:
        return "stop", None
    if folded in _START:
        return "start", None
    if folded in _CONFIRM:
        return "confirm", None
    if folded in _CANCEL:
        return "cancel", None
    choice = _CHOICE.match(folded)
    if choice:
        return "choice", int(choice.group(1))
    decision = detect_affirmative(folded)
    if decision is True:
        return "yes", None
    if decision is False:
        return "no", None
    return "other", None
