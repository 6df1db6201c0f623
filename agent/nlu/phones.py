"""Phone numbers as people say or type them, returned in E.164 ("+33612345678")."""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "FR"
_MIN_DIGITS = 8
# Digits read out in pairs come back from speech-to-text as a list: "06, 12, 00, 48, 14".
_LISTED_DIGITS = re.compile(r"(?<=\d),\s*(?=\d)")


def find_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """Return the first valid phone number in ``raw`` as E.164, or None.

    Args:
        raw: the cleaned turn (not folded: ``+`` and grouping matter).
        region: region for numbers said without a country code (the practice's country).
    """
    if sum(c.isdigit() for c in raw) < _MIN_DIGITS:
        return None  # cheap gate: most turns hold no phone number
    for text in dict.fromkeys((raw, _LISTED_DIGITS.sub(" ", raw))):
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None
