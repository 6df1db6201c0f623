"""The urgency guardrail: deterministic French and English red-flag detection.

Runs first on every patient turn, before any brain. ``assess(text)`` returns the level
(ROUTINE, URGENT, EMERGENCY), the red flags with their evidence, and whether they concern a
third party. The rules are data: ``data/red_flags.yaml`` (flags), ``data/concepts.yaml``
(shared building blocks) and ``data/lexicon.yaml`` (macros, spelling fixes, people, idioms).
"""

from agent.urgency.assess import assess
from agent.urgency.follow_up import FollowUp, answered, decision, follow_up
from agent.urgency.models import RedFlag, UrgencyAssessment

__all__ = [
    "FollowUp",
    "RedFlag",
    "UrgencyAssessment",
    "answered",
    "assess",
    "decision",
    "follow_up",
]
