"""Which knowledge-base topic a practice-information question is about (docs/architecture.md)."""

from __future__ import annotations

import re

_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("parking", r"\b(?:parking|park|parker|garer|se garer|stationn\w*|car park|parking lot)\b"),
        (
            "new_patients",
            r"\b(?:new patients|nouveaux patients|accept\w* (?:new )?patients"
            r"|take (?:on )?new patients|prenez (?:de |des )?nouveaux|nouveaux? malades"
            r"|accepting patients|prenez vous (?:de )?nouveaux|prendre de nouveaux)\b",
        ),
        (
            "teleconsultation",
            r"\b(?:tele ?consultations?|teleconsult|video (?:call|consultation|appointment|visit)"
            r"|visio\w*|en ligne|online (?:consultation|appointment|visit)|remote consultation"
            r"|consultation (?:a distance|par telephone)|by video|par video)\b",
        ),
        (
            "insurance",
            r"\b(?:carte vitale|tiers payant|conventionn\w*|secteur (?:1|2|un|deux)|cmu|ame\b"
            r"|complementaire sante|(?:accept|take|prenez|acceptez|prend|prendre|covered|cover"
            r"|in network|work with)\w*\b.{0,25}\b(?:insurance|mutuelles?|assurances?|medicare"
            r"|medicaid|nhs|carte)|(?:insurance|mutuelle)s? (?:accepted|do you take))\b",
        ),
        (
            "fees",
            r"\b(?:how much|combien (?:ca )?(?:coute|coutent|je (?:vais )?payer|ca fait)"
            r"|combien pour|prix|tarifs?|cost|costs|price|prices|fees?|honoraires"
            r"|depassements? d honoraires|what do you charge|c est combien)\b",
        ),
        (
            "what_to_bring",
            r"\b(?:what (?:should|do) i (?:need to )?bring|que (?:dois je|faut il) (?:apporter"
            r"|amener|prendre avec)|quoi (?:apporter|amener)|documents? (?:a apporter|needed"
            r"|to bring)|bring with me|apporter avec moi|need to bring|faut il venir avec)\b",
        ),
        (
            "hours",
            r"\b(?:horaires?|opening (?:hours|times)|hours|ouvert\w*|fermez|ferme|fermeture"
            r"|open(?:ing)?|close|closing|a quelle heure (?:vous )?(?:ouvr|ferm)\w*"
            r"|jusqu a quelle heure)\b",
        ),
        (
            "access",
            r"\b(?:how (?:do|can) i get (?:there|to you)|comment (?:venir|vous trouver|acceder"
            r"|aller)|acces\w*|access\w*|metro|bus|tram|wheelchair|fauteuil roulant"
            r"|handicap\w*|ascenseur|lift|elevator|directions?|itineraire|etage|floor|pmr)\b",
        ),
        (
            "address",
            r"\b(?:adresse|address|where are you|ou (?:etes|est|se trouve|vous trouvez)"
            r"|located|situes?|location|vous etes ou|c est ou|where is the (?:clinic|practice"
            r"|office))\b",
        ),
    )
)


def find_topic(corrected: str, allowed: list[str]) -> str | None:
    """Knowledge-base topic the turn asks about, within ``allowed`` (all when empty)."""
    for key, pattern in _TOPICS:
        if (not allowed or key in allowed) and pattern.search(corrected):
            return key
    return None
