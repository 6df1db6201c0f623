"""Who is on the line when it is not a patient asking for themself, and what they want from a
person rather than from the agent:

- professional callers (a pharmacy, a hospital ward, a laboratory, another practice, a nurse):
  "this is the Voltaire pharmacy", "ici le service de cardiologie", "laboratoire Biolab";
- a practitioner wanted on the phone: "I need to speak to Dr Martin", "le docteur Dubois
  peut me rappeler ?" (a callback request, never a visit);
- a caller who will not say who they are: "I'd rather not say", "je préfère ne pas le dire".
"""

from __future__ import annotations

import re

_ORG = (
    r"(?:pharmacy|pharmacie|ward|service de \w+|hospital|hopital|clinic|clinique|laborator\w*"
    r"|lab|labo|practice|cabinet|surgery|nursing home|ehpad|care home|maison de retraite|nurse"
    r"|infirmi\w+|pharmacist|pharmacien\w*|radiolog\w*|imaging|centre d imagerie|ambulance\w*"
    r"|medical secretary|secretaire medicale)"
)
# Words after "I'm" / "je suis" that make the place where the caller is (or goes), not who
# they are: "I'm going into hospital", "je suis à l'hôpital", "je suis hospitalisé".
_NOT_PREPOSITION = (
    r"(?:(?!(?:at|in|into|from|to|with|going|being|admitted|off|staying|stuck|still|currently"
    r"|back|out|of|been|dans|en|au|a|l|chez|avec|pour|for|hospitalise\w*|sorti\w*|rentre\w*"
    r"|encore|toujours|actuellement)\b)\w+ )"
)
_PROFESSIONAL = re.compile(
    rf"\b(?:this is|it s|i m|i am|calling from|ici|c est|je suis|j appelle de(?:puis)?)\s+"
    rf"(?:the |a |an |le |la |l |une |un |de la |du )?{_NOT_PREPOSITION}{{0,3}}{_ORG}\b"
    rf"|\b{_ORG}\b[\w ]{{0,30}}\bhere\b"
    rf"|^(?:(?:bonjour|hello|hi|good morning|allo|oui)\W+)*(?:pharmacie|laboratoire|labo|cabinet"
    r" du (?:docteur|dr)|clinique|hopital|service de)\b"
)
_SPEAK = re.compile(
    r"\b(?:(?:speak|talk|have a word|a word) (?:to|with)|get hold of|put me through to"
    r"|(?:parler|discuter) (?:au|a la|a|avec)|joindre|avoir au telephone|call me back"
    r"|ring me back|give me a call|me rappeler|me rappelle|me recontacter"
    r"|give me a (?:ring|bell|buzz)|(?:ring|phone|call) me|get back to me|m appeler"
    r"|me telephoner|me passer un (?:coup de fil|coup de telephone|appel))\b"
)
_REFUSAL = re.compile(
    r"\b(?:rather not|prefer not|don t want to (?:give|say|tell|share)|won t (?:give|say|tell)"
    r"|not (?:giving|telling)|none of your business|why do you need|no i don t want"
    r"|(?:je )?prefere (?:ne )?pas|(?:je )?(?:ne )?veux pas (?:le |la |les )?(?:donner|dire)"
    r"|pas envie de (?:le |la )?(?:donner|dire)|ca ne vous regarde pas"
    r"|pourquoi vous (?:avez besoin|voulez))\b"
)


def is_professional_caller(corrected: str) -> bool:
    """True when the caller introduces themself as a pharmacy, ward, laboratory, practice..."""
    return bool(_PROFESSIONAL.search(corrected))


def wants_practitioner_on_phone(corrected: str) -> bool:
    """True when the turn asks to speak to (or be called back by) someone; the brain pairs it
    with a practitioner's name to make a callback request."""
    return bool(_SPEAK.search(corrected))


def refuses(corrected: str) -> bool:
    """True when the caller declines to give what was asked."""
    return bool(_REFUSAL.search(corrected))
