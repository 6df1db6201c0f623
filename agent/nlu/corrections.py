"""Corrections inside one turn: "Tuesday, no sorry, Wednesday", "with Dr Martin, actually no,
make it Dr Dubois", "jeudi matin, enfin non, l'après-midi", "vendredi... ah non, plutôt lundi".

After a correction marker, the first thing said (a day, a part of the day, a practitioner, a
number) replaces the last thing of the same kind said before it; the corrected phrase and the
marker are blanked so every extractor reads only the caller's final wish. A marker with nothing
of the same kind on both sides changes nothing ("pardon de vous déranger").
"""

from __future__ import annotations

import re

from agent.nlu.lexicon import WEEKDAYS

_MARKER = re.compile(
    r"(?:[,.;]+|\s)\s*(?:no,? sorry|sorry,? i mean|i mean|actually,? no(?:,? make it)?"
    r"|actually,? make it|oh,? wait|wait,? no|no,? wait|or rather|non,? pardon|euh,? non"
    r"|ah,? non|enfin,? non|non,? plutot|ou plutot|je veux dire|pardon|sorry|enfin)\b[,.]*\s*"
    r"(?:(?:plutot|rather|make it)\s+)?"
)
_KINDS = {
    "day": r"\b(?:" + "|".join(WEEKDAYS) + r"|today|tomorrow|demain|aujourd hui)\b",
    "part": r"\b(?:morning|afternoon|evening|matin|matinee|apres midi|soir|soiree)\b",
    "doctor": r"\b(?:dr|doctor|docteur|doctoresse|doc)\b",
    "number": r"\b\d",
}
_ARTICLE = re.compile(r"^(?:(?:l|le|la|les|the|a|an|un|une|on|in|at|a la|au)\s+)*")


def _kind(text: str) -> tuple[str, str] | None:
    """The kind of the first thing said in ``text`` and its pattern."""
    head = _ARTICLE.sub("", text.lstrip(" ,."))
    for kind, pattern in _KINDS.items():
        m = re.match(pattern, head)
        if m:
            return kind, pattern
    return None


def apply_corrections(folded: str) -> str:
    """``folded`` with every corrected phrase and its marker blanked out."""
    for m in reversed(list(_MARKER.finditer(folded))):
        found = _kind(folded[m.end() :])
        if found is None:
            continue
        before = folded[: m.start()]
        matches = list(re.finditer(found[1], before))
        if not matches:
            continue
        last = matches[-1]
        folded = folded[: last.start()] + " " * (m.end() - last.start()) + folded[m.end() :]
    return folded
