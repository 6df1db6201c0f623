"""Yes or no? Negations win: "not really" and "pas du tout" never read as yes.

A write only runs after an explicit yes, so when a turn holds both a yes and a no ("yes but not
that one") the answer is no.
"""

from __future__ import annotations

import re

# Phrases that contain a negative word but mean yes; neutralised before the negation check.
_YES_DESPITE_NO = re.compile(
    r"\b(?:no problem|no worries|not a problem|why not|no doubt|pas de (?:probleme|souci|soucis)"
    r"|sans (?:probleme|souci)|pourquoi pas|aucun (?:probleme|souci)|ca ne me derange pas"
    r"|that doesn t bother me|i don t mind|je ne dis pas non)\b"
)
_NO = re.compile(
    r"\b(?:not really|not at all|absolutely not|certainly not|of course not|definitely not"
    r"|actually no|no thanks?|no thank you|nope|nah|not that one|not this one|neither"
    r"|pas vraiment|pas du tout|absolument pas|certainement pas|surtout pas|non merci"
    r"|pas celui(?: la| ci)?|pas celle(?: la| ci)?|pas ca|impossible|negatif|negative"
    r"|that doesn t (?:work|suit)|doesn t (?:work|suit) me|won t work|can t make (?:it|that)"
    r"|not (?:good|ok|okay|possible|great|convenient|free|available)"
    r"|(?:ne|n) (?:me |m )?(?:va|convient|arrange|marche|colle) pas|(?:ca|cela) ne va pas"
    r"|pas (?:bon|possible|ok|d accord|libre|disponible|pratique|top)|je ne peux pas"
    r"|i can t|i cannot|i don t think so|je ne pense pas|je ne crois pas|wrong|incorrect"
    r"|c est faux|pas exact|mauvais)\b"
)
# A bare "no"/"non" counts at the start, at the end, or alone: mid-sentence it is usually
# part of something else ("I have no other question").
_BARE_NO = re.compile(
    r"^(?:(?:oh|ah|euh|hmm|well|bah|ben|alors) )?(?:no|non)\b|\b(?:no|non)[ .!?]*$"
)
_YES = re.compile(
    r"\b(?:oui|ouais|ouaip|ouep|yes|yeah|yep|yup|ya|sure|ok|okay|okey|okk|d accord|dac|dacc"
    r"|ca marche|ca me va|ca va|ca me convient|ca m arrange|ca roule|parfait|c est bon|tres bien"
    r"|bien sur|entendu|absolument|exactement|tout a fait|volontiers|allez y|vas y|go ahead"
    r"|please do|of course|certainly|absolutely|exactly|correct|that s right|that s correct"
    r"|right|perfect|great|fine|good|works|that works|sounds good|alright|all right|yes please"
    r"|je confirme|confirme|confirmed|confirm|c est ca|c est exact|exact|nickel|super|genial"
    r"|impeccable|top|carrement|evidemment|affirmatif|affirmative|let s do (?:it|that)"
    r"|je le prends|je la prends|i ll take it|book it|reservez|va pour|go for it|YESMARK)\b"
)


# In a question ("where exactly is the practice?") only a plain yes word is a yes.
_QUESTION = re.compile(
    r"\?|^(?:where|when|what|how|which|who|why|is|are|do|does|can|could|ou|quand|quel|quelle"
    r"|comment|combien|pourquoi|est ce)\b"
)
_BARE_SI = re.compile(r"^\W*si\b(?=\W*$|\W*(?:si|bien sur|c est ca|merci)\b)")
_PLAIN_YES = re.compile(r"\b(?:oui|ouais|yes|yeah|yep|ok|okay|d accord|YESMARK)\b")


def detect_affirmative(corrected: str) -> bool | None:
    """Return True for yes, False for no, None when the turn says neither."""
    # French "si" answers a negative question with yes; elsewhere it means "if".
    text = _BARE_SI.sub(" YESMARK ", _YES_DESPITE_NO.sub(" YESMARK ", corrected))
    if _NO.search(text) or _BARE_NO.search(text.strip()):
        return False
    yes = _PLAIN_YES if _QUESTION.search(text) else _YES
    if yes.search(text):
        return True
    return None
