"""Which knowledge-base topic a practice-information question is about (docs/architecture.md)."""

from __future__ import annotations

import re

_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        (
            "parking",
            r"\b(?:parking|park|parker|garer|se garer|stationn\w*|car park|parking lot"
            r"|places? (?:handicapees?|pmr|pour handicapes?)|disabled (?:parking|bays?|spaces?))\b",
        ),
        (
            "new_patients",
            r"\b(?:new patients|nouveaux patients|accept\w* (?:new )?patients"
            r"|take (?:on )?new patients|prenez (?:de |des )?nouveaux|nouveaux? malades"
            r"|accepting patients|prenez vous (?:de )?nouveaux|prendre de nouveaux)\b",
        ),
        (
            "insurance",
            r"\b(?:carte vitale|tiers payant|conventionn\w*|secteur (?:1|2|un|deux)|cmu|ame\b"
            r"|complementaire sante|direct billing|carte (?:de )?mutuelle|insurance cards?"
            r"|top up insurance|health cards?"
            r"|(?:accept|take|prenez|acceptez|prend|prendre|covered|cover|in network|work with)"
            r"\w*\b.{0,40}\b(?:insurance|mutuelles?|assurances?|medicare|medicaid|nhs|carte)"
            r"|(?:insurance|mutuelle|assurance)s?\b.{0,30}\b(?:accept|take|prenez|acceptez"
            r"|do you take))\b",
        ),
        (
            "fees",
            r"\b(?:how much|combien(?! de temps| de fois)|cout\w*|prix|tarifs?|cost|costs|price"
            r"|prices|fees?|honoraires|depassements? d honoraires|what do you charge"
            r"|c est combien)\b",
        ),
        (
            "what_to_bring",
            r"\b(?:bring|apporter|apporte|amener|amene|ramener|papiers|documents?"
            r"|que (?:dois je|faut il) prendre avec)\b",
        ),
        (
            "teleconsultation",
            r"\b(?:tele ?consultations?|teleconsult|video\w*|visio|visioconference|en ligne|online"
            r"|remote consultation|a distance|consultation par telephone|by phone consultation)\b",
        ),
        (
            "hours",
            r"\b(?:horaires?|opening (?:hours|times)|hours|ouvert\w*|ouvr(?:ez|ir|e|ent|ons)|fermez"
            r"|ferme|fermeture|fermer|ferment"
            r"|open(?:ing)?|close|closing|a quelle heure (?:vous )?(?:ouvr|ferm)\w*"
            r"|jusqu a quelle heure)\b",
        ),
        (
            "access",
            r"\b(?:how (?:do|can) i get (?:there|to you)|comment (?:venir|vous trouver|acceder"
            r"|aller)|on vient comment|acces\w*|access\w*|metro|bus|tram|wheelchair"
            r"|fauteuil roulant|handicap\w*|ascenseur|lift|elevator|directions?|itineraire"
            r"|etage|floor|pmr|transports?|public transport)\b",
        ),
        (
            "address",
            r"\b(?:adresse|address|where are you|where you are|ou (?:etes|est|se trouve"
            r"|vous trouvez|vous etes|vous vous trouvez)"
            r"|located|situes?|location|vous etes ou|c est ou|where (?:exactly )?is the (?:clinic"
            r"|practice|office|surgery)|same building|meme batiment|which building"
            r"|quel batiment)\b",
        ),
    )
)


def find_topic(corrected: str, allowed: list[str]) -> str | None:
    """Knowledge-base topic the turn asks about, within ``allowed`` (all when empty)."""
    for key, pattern in _TOPICS:
        if (not allowed or key in allowed) and pattern.search(corrected):
            return key
    return None
