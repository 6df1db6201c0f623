"""Repair typos in the words the extractors care about ("anuler", "appointmnet", "tomorow").

Only tokens of five letters or more that are not already known are compared, and only against
a small vocabulary of keywords, with a high similarity bar: a patient's surname is never
"corrected" into a keyword because names are read from the raw words, not from this output.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from agent.nlu.lexicon import word_list

KEYWORDS: tuple[str, ...] = tuple(sorted(word_list("keywords")))
# Frequent words that sit close to a keyword and must stay as they are ("marche" is not
# "march", "matin" is not "martin").
_LEAVE_ALONE = word_list("leave_alone")
_KNOWN = frozenset(KEYWORDS) | _LEAVE_ALONE | word_list("french") | word_list("english")
_TOKEN = re.compile(r"[a-z]{5,}")


@lru_cache(maxsize=4096)
def _correct_token(token: str) -> str:
    if token in _KNOWN:
        return token
    longest = len(token) - (1 if len(token) >= 8 else 0)
    cutoff = 84.0 if len(token) >= 8 else 86.0
    best = process.extractOne(token, KEYWORDS, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None or token.startswith(best[0]) or best[0].startswith(token):
        return token  # an inflection ("nouveaux", "annule"): patterns match those by prefix
    if len(best[0]) < longest:
        return token  # typos drop or swap letters; a longer word is another word ("martin")
    return str(best[0])


def correct(folded: str) -> str:
    """Return ``folded`` with misspelt keywords replaced by their correct spelling."""
    return _TOKEN.sub(lambda m: _correct_token(m.group(0)), folded)
