"""Several requests in one turn: "book me for Tuesday and what are your hours?", "cancel
Thursday, and where can I park?". The turn is cut into clauses; an action asked in one clause
is kept as the turn's intent while a practice question in another is kept as its topic, so the
graph serves both instead of answering the question and dropping the request.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.understanding import Intent

_CLAUSE = re.compile(r"[?.!;]|,? \b(?:and|also|plus|et|aussi|puis|but|mais|by the way|au fait)\b")
_NOT_ACTIONS = frozenset({None, Intent.INFO, Intent.OTHER, Intent.GOODBYE})


def clauses(corrected: str) -> list[str]:
    """The turn's clauses, in order, without the joining words."""
    return [c.strip() for c in _CLAUSE.split(corrected) if c and c.strip()]


def action_beside_question(
    corrected: str,
    find_topic: Callable[[str], str | None],
    detect: Callable[[str, str | None], Intent | None],
) -> Intent | None:
    """The action a clause asks for when another clause asks a practice question, else None.

    Args:
        corrected: the folded, corrected turn.
        find_topic: the knowledge-base topic of a clause (None when it asks none).
        detect: the intent of a clause given its topic.
    """
    parts = clauses(corrected)
    if len(parts) < 2:
        return None
    topics = [find_topic(p) for p in parts]
    if not any(topics):
        return None
    for part, topic in zip(parts, topics, strict=True):
        if topic is None and (intent := detect(part, None)) not in _NOT_ACTIONS:
            return intent
    return None


def requests_in_order(
    corrected: str,
    find_topic: Callable[[str], str | None],
    detect: Callable[[str, str | None], Intent | None],
) -> tuple[list[Intent], list[str]]:
    """The actions and the practice questions of a turn, each once, in the order said.

    "My repeat prescription and also an appointment next week" -> ([PRESCRIPTION, BOOK], []);
    "are you open on Saturdays and is there parking" -> ([], ["hours", "parking"]).
    """
    actions: list[Intent] = []
    topics: list[str] = []
    for part in clauses(corrected):
        topic = find_topic(part)
        if topic is not None and topic not in topics:
            topics.append(topic)
        intent = detect(part, None if topic is None else topic)
        if intent not in _NOT_ACTIONS and intent not in actions:
            actions.append(intent)  # type: ignore[arg-type]
    return actions, topics
