"""Yes or no? The last clear decision in the turn wins; a hesitation after a yes cancels it.

A write only runs after an explicit yes, so a turn that corrects itself must never read as one:

- "yes, no wait", "oui mais non", "ok non attendez": the last decision is a no -> False.
- "no, yes that's fine", "non... oui c'est bon": the last decision is a yes -> True.
- "yes wait", "oui enfin je sais pas": a yes followed by a hesitation or doubt has no clear
  last decision -> None.
- "not really", "pas du tout", "not good" are a no even though they hold a yes word: a yes word
  inside a negative phrase is no yes at all.
- A hedge is not consent: "I'm not sure, is that right?", "je sais pas trop, ça va être juste",
  "maybe", "hmm let me think" -> None. After a hedge only a plain yes ("yes", "oui", "go
  ahead", "allez-y") decides; loose words ("right", "ça va", "fine") do not.
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
    r"|actually no|no thanks?|no wait|wait no|no sorry|sorry no|no actually|enfin non|mais non"
    r"|but no|non attendez|non attends|attendez non|attends non|non pardon|pardon non"
    r"|non en fait|en fait non|non finalement|finalement non|ou plutot non|oh no"
    r"|no thank you|nope|nah|not that one|not this one|neither"
    r"|pas vraiment|pas du tout|absolument pas|certainement pas|surtout pas|non merci"
    r"|pas celui(?: la| ci)?|pas celle(?: la| ci)?|pas ca|impossible|negatif|negative"
    r"|that doesn t (?:work|suit)|doesn t (?:work|suit) me|won t work|can t make (?:it|that)"
    r"|not (?:good|ok|okay|possible|great|convenient|free|available|right|correct|fine|perfect"
    r"|exactly|quite)"
    r"|(?:ne|n) (?:me |m )?(?:va|convient|arrange|marche|colle) pas|(?:ca|cela) ne va pas"
    r"|pas (?:bon|possible|ok|d accord|libre|disponible|pratique|top)|je ne peux pas"
    r"|i can t|i cannot|i don t think so|je ne pense pas|je ne crois pas|wrong|incorrect"
    r"|c est faux|pas exact|mauvais)\b"
)
# A bare "no"/"non" counts at the start, at the end, or alone: mid-sentence it is usually
# part of something else ("I have no other question").
# A no set off by punctuation ("yes, no, the other one") is a decision too.
_BARE_NO = re.compile(
    r"^(?:(?:oh|ah|euh|hmm|well|bah|ben|alors) )?(?:no|non)\b|\b(?:no|non)[ .!?]*$"
    r"|(?<=[,.;!?] )(?:no|non)\b|\b(?:no|non)(?= ?[,.;!?])"
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
# Said after a yes, these take it back without saying no: "yes wait", "oui enfin je sais pas".
_HESITATION = re.compile(
    r"\b(?:wait|hold on|hang on|one (?:moment|second|sec)|attendez|attends|un instant"
    r"|une seconde|un moment|je (?:ne )?sais pas|i don t know|not sure|pas sure?|maybe|perhaps"
    r"|peut etre|je (?:ne )?suis pas sure?|i m not sure|je reflechis|let me think)\b"
)
# Doubt anywhere in the turn: before a yes it still leaves the decision open.
_HEDGE = re.compile(
    r"\b(?:not sure|unsure|i (?:don t|do not|dunno) know|dunno|don t know|maybe|perhaps"
    r"|possibly|i guess|i suppose|let me (?:think|check|see|ask)|i ll (?:think|check|see|ask)"
    r"|(?:need|have) to (?:check|think|ask|see)|think about it|not yet|i m torn|hmm+|umm+"
    r"|(?:je |j )?(?:ne )?sais pas|chais pas|pas sure?|peut etre|je (?:ne )?suis pas sure?"
    r"|je (?:vais )?reflechi\w*|laissez moi|faut (?:que je|voir)|il faut que je (?:voie|voir"
    r"|demande|regarde)|je (?:vais|dois) (?:voir|demander|regarder)|pas encore|bof|hesite\w*"
    r"|aucune idee|no idea)\b"
)
# After a hedge, only these decide for yes.
_CLEAR_YES = re.compile(
    r"\b(?:oui|ouais|yes|yeah|yep|ok|okay|d accord|go ahead|go on|book it|allez y|vas y"
    r"|je confirme|i confirm|let s do (?:it|that)|je le prends|je la prends|i ll take it"
    r"|c est bon|ca marche|sure|absolutely|of course|bien sur|volontiers|YESMARK)\b"
)


def detect_affirmative(corrected: str) -> bool | None:
    """Return True for yes, False for no, None when the turn says neither or wavers.

    The last clear decision wins: a no after a yes is a no, a yes after a no is a yes, and a
    hesitation after the last yes leaves the turn undecided (None).
    """
    # French "si" answers a negative question with yes; elsewhere it means "if".
    text = _BARE_SI.sub(" YESMARK ", _YES_DESPITE_NO.sub(" YESMARK ", corrected)).strip()
    noes = [m.span() for m in _NO.finditer(text)] + [m.span() for m in _BARE_NO.finditer(text)]
    last_no = max((end for _, end in noes), default=-1)
    yes = _PLAIN_YES if _QUESTION.search(text) else _YES
    # A yes word inside a negative phrase ("not good", "pas d accord") is part of the no.
    yes_ends = [
        m.end()
        for m in yes.finditer(text)
        if not any(start <= m.start() < end for start, end in noes)
    ]
    last_yes = max(yes_ends, default=-1)
    if last_no < 0 and last_yes < 0:
        return None
    if last_no >= last_yes:
        return False
    if _HESITATION.search(text, last_yes):
        return None
    hedges = [m.end() for m in _HEDGE.finditer(text)]
    if hedges and not _CLEAR_YES.search(text, max(hedges)):
        return None  # "not sure ... is that right?" is a question, not a yes
    return True


def says_no(corrected: str) -> bool:
    """Whether the turn holds a no anywhere ("non, ça va" is a no to "is it very strong?",
    though its last words read as a yes): for questions where only a plain yes may count."""
    text = _YES_DESPITE_NO.sub(" YESMARK ", corrected)
    return bool(_NO.search(text) or _BARE_NO.search(text))
