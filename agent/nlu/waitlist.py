"""The caller asks to be told when a slot frees up: the waiting list.

Three shapes, in French and English, read on folded text (lower case, no accents, no
punctuation):

* the list named: "waiting list", "waitlist", "cancellation list", "liste d'attente";
* a request to be told, conditional on a place freeing up: "let me know if something opens
  up earlier", "call me if a slot becomes available", "prévenez-moi si une place se libère",
  "tenez-moi au courant en cas de désistement";
* a request to be put down for cancellations: "put me down for any cancellations",
  "inscrivez-moi pour les désistements".

A cancellation is someone else's ("if someone cancels", "en cas d'annulation"), never the
caller's own ("call me back if I need to cancel" is not a waitlist request).
"""

from __future__ import annotations

import re

from fhir_adapters.matching import fold

_LIST = re.compile(
    r"\b(?:wait(?:ing)? ?list|cancell?ation list|stand ?by list|liste d attente"
    r"|liste des? (?:desistements|annulations)|liste de desistement)\b"
)
_TELL_ME = (
    r"(?:let (?:me|us) know|tell (?:me|us)|call (?:me|us)(?: back)?|ring (?:me|us)|text (?:me|us)"
    r"|message (?:me|us)|e ?mail (?:me|us)|notify (?:me|us)|contact (?:me|us)|inform (?:me|us)"
    r"|get (?:back )?in touch|give (?:me|us) a (?:call|ring|shout|buzz)|keep (?:me|us) (?:posted"
    r"|informed|in mind)|send (?:me|us) a (?:text|message)|reach out|alert (?:me|us)"
    r"|let me have it|i d (?:like|love) to (?:know|hear|be told)|i want to (?:know|be told)"
    r"|prevenez|prevenir|previens|preveniez|prevenez moi|appelez|appeler|rappelez|rappeler"
    r"|m appeler|me rappeler|contactez|contacter|me contacter|informez|informer|m informer"
    r"|tenez (?:moi|nous) au courant|me tenir au courant|tenir au courant|faites (?:moi|nous) signe"
    r"|envoyez (?:moi|nous)|ecrivez (?:moi|nous)|m envoyer|m ecrire|me faire signe"
    r"|je (?:veux|voudrais|souhaite|souhaiterais) (?:etre|qu on me) (?:prevenu|prevenue|tenu"
    r"|tenue|informe|informee|rappele|rappelee|appele|appelee))"
)
_CONDITION = r"(?:if|when|whenever|as soon as|should|in case|once|si|s il|des que|des qu|quand"
_CONDITION += r"|lorsque|au cas ou|en cas de|en cas d|pour le cas ou|dans le cas ou)"
_FREES = (
    r"(?:opens? up|opened up|opening|frees? up|freed up|becomes? (?:available|free)"
    r"|came up|comes? (?:up|free|available)|turns? up|pops? up|crops? up|is freed|gets? freed"
    r"|(?:slot|spot|place|appointment|something|anything|opening|time|one)(?: earlier| sooner)?"
    r" (?:is |becomes? |comes? )?(?:available|free)"
    r"|(?:someone|somebody|anyone|anybody|a patient|people|they|there is a"
    r"|there s a|there are) (?:cancels?|cancelled|drops? out|can t (?:make it|come))"
    r"|cancellations?|no shows?|se libere|se liberait|se libererait|se liberent|libere|liberee"
    r"|se debloque|se degage|se presente|(?:place|creneau|rendez vous|rdv|quelque chose)"
    r"(?: plus tot)? (?:est |devient )?(?:disponible|dispo|libre)"
    r"|(?:quelqu un|qqn|un patient|une personne|quelqu une|des gens)"
    r" (?:se desiste|annule|se decommande)|desistements?|annulations?"
    r"|decommande)"
)
_CONDITIONAL_NOTICE = re.compile(rf"\b{_TELL_ME}\b.*\b{_CONDITION}\b.*\b{_FREES}\b")
_PUT_DOWN = re.compile(
    r"\b(?:put (?:me|us)|add (?:me|us)|sign (?:me|us) up|book (?:me|us) in|pencil (?:me|us) in)"
    r"(?: down)? (?:for|on) (?:any|a|the)? ?(?:cancell?ations?|no shows?|last minute (?:slots?"
    r"|spots?|places?))\b"
    r"|\b(?:inscri(?:vez|re|ver|ivez)|mettez|mettre|notez|noter) (?:moi|nous)?"
    r" ?(?:pour|sur) (?:les|des|une|un|la)? ?(?:desistements?|annulations?)\b"
    r"|\b(?:in case|au cas ou|en cas) (?:of a |there s a |d )?(?:cancell?ation|desistement"
    r"|annulation)\b"
)


def wants_waitlist(text: str) -> bool:
    """True when ``text`` asks to join the waiting list or to hear of a place freed up."""
    folded = fold(text)
    if _LIST.search(folded):
        return True
    return bool(_CONDITIONAL_NOTICE.search(folded) or _PUT_DOWN.search(folded))
