"""Attempts to override the agent's instructions ("ignore your instructions", "act as").

Flagged turns still get an answer; the graph simply never lets them trigger a write or widen
the patient's scope.
"""

from __future__ import annotations

import re

_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|oublie|oubliez|ignorez?) "
    r"(?:all |tous |toutes |the |your |tes |vos"
    r" |les |previous |prior |above )*(?:\w+ )?(?:instructions?|rules?|regles?|consignes?|prompt"
    r"|directives?|system)"
    r"|\byou are now\b|\btu es maintenant\b|\bvous etes maintenant\b|\bfrom now on you\b"
    r"|\bsystem prompt\b|\bprompt systeme\b|\bdeveloper mode\b|\bmode developpeur\b"
    r"|\bjailbreak|\bdo anything now\b|\bdan mode\b|\bact as\b|\bagis comme\b|\bagissez comme\b"
    r"|\bpretend (?:to be|you are)\b|\bfais semblant\b|\bpretends? que tu\b|\broleplay\b"
    r"|\bcancel (?:all|every) (?:the )?(?:appointments?|bookings?)\b"
    r"|\bannul\w* (?:tous|toutes) (?:les )?(?:rendez vous|rdv|reservations?)\b"
    r"|\bdelete (?:all|every|the database)\b|\bsupprime[rz]? (?:tous|toutes|la base)\b"
    r"|\b(?:reveal|show|print|repeat) (?:me )?(?:your|the) (?:instructions|prompt|system)"
    r"|\bnew instructions?\b|\bnouvelles? instructions?\b|\boverride\b|\badmin(?:istrator)? mode\b"
    r"|^\W*(?:system|systeme|admin|assistant)\s*:|\b(?:admin|administrat\w*|root|god) mode\b"
    r"|\bmode (?:admin\w*|root|debug)\b|\b(?:i|je) (?:t |vous )?(?:authori[sz]e|autorise)\b"
    r".{0,40}\b(?:skip|cancel|annul|supprim|delete|sans|without|access|acceder|ignore)"
    r"|\bskip (?:the )?(?:identification|verification|checks?|confirmation)\b"
    r"|\bsans (?:verification|identification|confirmation|me demander)\b"
    r"|\bno need to (?:ask|check|confirm|verify)\b|\bwithout (?:asking|checking|confirmation)\b"
    r"|\b(?:ten|dix|\d{2,}) (?:appointments|rendez vous|rdv|creneaux)\b"
    r"|\btous les creneaux\b|\ball (?:the )?slots\b"
    r"|\bsudo\b|<\|?(?:im_start|system)|\[\[?system\]|\binstructions? (?:systeme|system)\b"
    r"|\b(?:all|other|every) patients?(?: s)? (?:appointments|data|records|files)\b"
    r"|\b(?:tous )?les (?:rendez vous|dossiers) (?:des|de tous les) (?:autres )?patients\b"
)


def is_injection_attempt(folded: str) -> bool:
    """True when the folded turn tries to change the agent's instructions or scope."""
    return bool(_INJECTION.search(folded))
