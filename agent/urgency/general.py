"""Is the caller asking a general question rather than reporting what is happening here?

"What should someone do if they have chest pain?", "quels sont les signes d'un AVC ?", "if a
baby under 3 months has a fever should you call 999?": the words of a red flag, but about
people in general. Such a turn gets the emergency advice (the number to call) without a stat
handoff about this caller. It is general only when BOTH hold:

- a general frame: a condition or question about a generic person ("if someone", "si
  quelqu'un", "should a person", "qu'un asthmatique"), "the signs / symptoms of", or a request
  for a helpline number;
- no sign that it is about someone here: no possessive ("my", "his", "mon", "sa"...), no
  first-person subject ("I", "je") outside the fixed asking frames ("what do I do if", "j'ai
  une question"), no third-person pronoun followed by a present-tense report.

When in doubt, it is NOT general: the flag fires as usual.
"""

from __future__ import annotations

import re

_GENERIC = (
    r"(?:someone|somebody|anyone|anybody|a person|people|a patient|a baby|babies|a child"
    r"|children|a kid|kids|an adult|adults|a diabetic|an asthmatic|a woman|a man|a pregnant"
    r" woman|pregnant women|the elderly|an elderly person|quelqu un|une personne|les gens|on"
    r"|un bebe|les bebes|un nourrisson|un enfant|les enfants|l enfant|un adulte|un asthmatique"
    r"|un diabetique|une femme enceinte|les femmes enceintes|une femme|un homme|un patient"
    r"|les personnes agees|une personne agee)"
)
_FRAME = re.compile(
    rf"\b(?:if|when|whether|in case|si|s|quand|lorsqu e|lorsque|qu|en cas ou) {_GENERIC}\b"
    rf"|\b(?:should|must|can|could|do|does|would|est ce qu|doit|doivent|faut il qu) {_GENERIC}\b"
    rf"|\b{_GENERIC} (?:doit|doivent|devrait|should|must|needs? to|has to|have to)\b"
    r"|\b(?:signs?|symptoms?|signes?|symptomes?|warning signs|red flags) (?:and symptoms )?"
    r"(?:of|d|de|du|des|for|pour)\b"
    r"|\b(?:number|numero|hotline|helpline|line|ligne) (?:\w+ ){0,3}(?:for|pour|de|du|d)"
    r" (?:the |la |le |l )?(?:suicide|crisis|prevention|samaritans|emergenc\w*|urgences?|samu)"
)
_ASKING = re.compile(
    r"\b(?:what (?:do|should|would|can|must) i do|what do i do|how do i (?:know|tell)|do i call"
    r"|should i call|i have a question|i ve got a question|i was wondering|i wonder|i m asking"
    r"|i m just asking|i just wanted to know|i d like to know|que dois je faire|dois je appeler"
    r"|j ai une question|je me demandais|je me pose la question|je me posais la question"
    r"|je voudrais savoir|j aimerais savoir|je demande)\b"
)
_HERE = re.compile(
    r"\b(?:my|mine|our|his|her|their|mon|ma|mes|notre|nos|son|sa|ses|leur|leurs|i|i m|i ve"
    r"|i d|i ll|je|j|he s|she s|he is|she is|they re|il est|elle est|il a|elle a)\b"
)


def is_general_question(text: str) -> bool:
    """True when normalised ``text`` asks about people in general, not about someone here."""
    if not _FRAME.search(text):
        return False
    return not _HERE.search(_ASKING.sub(" ", text))
