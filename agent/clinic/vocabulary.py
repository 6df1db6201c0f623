"""The shared code vocabularies (docs/architecture.md) as types the configuration checks.

A typo in the YAML ("dermatologie", "follow_up") is rejected with the list of valid codes.
"""

from __future__ import annotations

from typing import Literal, get_args

SpecialtyCode = Literal[
    "general-practice", "paediatrics", "dentistry", "physiotherapy", "dermatology", "gynaecology"
]
ServiceTypeCode = Literal["consultation", "first-visit", "follow-up", "vaccination", "check-up"]
KnowledgeTopic = Literal[
    "hours",
    "address",
    "access",
    "parking",
    "insurance",
    "new_patients",
    "what_to_bring",
    "fees",
    "teleconsultation",
]
TaskCode = Literal["handoff", "prescription-renewal", "billing", "results", "callback"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

SPECIALTY_CODES: tuple[str, ...] = get_args(SpecialtyCode)
SERVICE_TYPE_CODES: tuple[str, ...] = get_args(ServiceTypeCode)
KNOWLEDGE_TOPICS: tuple[str, ...] = get_args(KnowledgeTopic)
TASK_CODES: tuple[str, ...] = get_args(TaskCode)
WEEKDAYS: tuple[str, ...] = get_args(Weekday)
"""Monday first, so ``WEEKDAYS[date.weekday()]`` names a date's day."""
