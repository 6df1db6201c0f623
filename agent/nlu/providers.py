"""Kinds of care named as people name them: "a doctor", "un dentiste", "a physio", "un psy",
"a cardiologist". One small table maps provider words (French and English, folded) to a
specialty code; kinds a practice may not offer have codes too, so the graph can say "we don't
have that here" in one turn instead of failing to understand.

Codes of the demo catalogue: general-practice, paediatrics, dentistry, physiotherapy,
dermatology, gynaecology. Others (mental-health, cardiology, ophthalmology, ...) are offered
by practices that list them.
"""

from __future__ import annotations

import re

_KINDS: dict[str, str] = {
    "general-practice": r"doctors?|docteurs?|medecins?(?: traitant| de famille| generaliste)?"
    r"|physicians?|gps?|generalistes?|family (?:doctor|physician)|general practitioner|toubib",
    "dentistry": r"dentists?|dentistes?|dental surgeon",
    "physiotherapy": r"physios?|physiotherapists?|kines?|kinesitherapeutes?|kinesi",
    "paediatrics": r"pa?ediatricians?|pediatres?|doctor for (?:my|a) (?:child|kid|baby)",
    "dermatology": r"dermatologists?|dermatologues?|dermatos?|skin (?:doctor|specialist)",
    "gynaecology": r"gyn(?:a)?ecologists?|gynecologues?|gynecos?|gyn",
    "mental-health": r"(?:psycho)?therapists?|psychotherapeutes?|counsell?ors?|psychologists?"
    r"|psychologues?|psychiatrists?|psychiatres?|psys?|shrinks?|therapeutes?"
    r"|(?:family|marriage|couples?) (?:counsell?or|therapist)",
    "cardiology": r"cardiologists?|cardiologues?|heart (?:doctor|specialist)",
    "ophthalmology": r"ophthalmologists?|ophtalmologues?|ophtalmos?|eye (?:doctor|specialist)"
    r"|optometrists?|opticians?",
    "speech-therapy": r"speech therapists?|orthophonistes?",
    "podiatry": r"podiatrists?|chiropodists?|podologues?",
}
# Words that open a request for a kind of provider ("I need to find a", "je cherche un").
_ASK = (
    r"(?:find|finding|looking for|look for|need|want|see|seeing|recommend|have|got|cherche"
    r"|chercher|trouver|faudrait|faut|besoin d|voir|consulter|avez|auriez|veux|voudrais"
    r"|souhaite|aimerais)"
)
_ARTICLE = (
    r"(?:\w+ ){0,4}(?:a|an|the|un|une|le|la|des|some|one|your|votre|vos)\s+"
    r"(?:good\s+|new\s+|bon\s+|nouveau\s+)?"
)
_PATTERNS = [
    (code, re.compile(rf"\b{_ASK}\b {_ARTICLE}(?:{words})\b")) for code, words in _KINDS.items()
]


def find_provider_kind(corrected: str) -> str | None:
    """The specialty code of a kind of provider the caller asks for ("find me a dentist")."""
    for code, pattern in _PATTERNS:
        if pattern.search(corrected):
            return code
    return None
