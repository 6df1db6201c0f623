"""Which of the practice's emergency numbers to speak, in each situation.

A practice lists its numbers in ``emergency_numbers`` (name -> number, most important first).
Each number gets a role, from its name or else from the number itself:

- ``emergency``: ambulance now (France 15 and 112, UK 999, US 911);
- ``urgent``: same-day medical advice (UK 111, France 116 117);
- ``crisis``: suicide and mental-health crisis line (France 3114, UK Samaritans 116 123,
  US 988).

An emergency is told the emergency numbers (15 or 112; 999; 911), never the 111 advice line;
suicidal talk is told the crisis line first and the emergency number second; an urgent call is
told the advice line, if any, then the emergency number "if things get worse".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["emergency", "urgent", "crisis"]
Situation = Literal["emergency", "urgent", "crisis"]

COUNTRY_NUMBERS: dict[str, dict[str, str]] = {
    "FR": {"samu": "15", "european": "112", "suicide": "3114"},
    "GB": {"emergency": "999", "non_emergency": "111", "samaritans": "116123"},
    "US": {"emergency": "911", "suicide_crisis": "988"},
}
"""What to write in ``emergency_numbers`` for a practice in each country (documentation and
tests; a practice always lists its own)."""

_BY_NUMBER: dict[str, Role] = {
    "15": "emergency", "112": "emergency", "999": "emergency", "911": "emergency",
    "18": "emergency", "114": "emergency", "000": "emergency",
    "111": "urgent", "116117": "urgent",
    "3114": "crisis", "988": "crisis", "116123": "crisis",
}  # fmt: skip
_BY_NAME: tuple[tuple[tuple[str, ...], Role], ...] = (
    (
        ("suicid", "crisis", "samaritan", "prevention", "mental", "detresse", "3114", "988"),
        "crisis",
    ),
    (
        ("non_emergency", "nonemergency", "nhs", "advice", "garde", "on_call", "out_of_hours"),
        "urgent",
    ),
    (("samu", "emergency", "urgence", "european", "ambulance", "pompier", "fire"), "emergency"),
)
_SPOKEN = {"116123": "116 123", "116117": "116 117"}


def role_of(name: str, number: str) -> Role:
    """The role of one configured number: by its name, else by the number, else emergency."""
    key = name.lower()
    for hints, role in _BY_NAME:
        if any(h in key for h in hints):
            return role
    return _BY_NUMBER.get(number, "emergency")


def spoken(number: str) -> str:
    """How a number is read out ("116123" -> "116 123"); short numbers as they are."""
    return _SPOKEN.get(number, number)


class EmergencyNumbers(BaseModel):
    """The practice's numbers grouped by role, in the order the practice listed them."""

    model_config = ConfigDict(frozen=True)

    emergency: list[str] = []
    urgent: list[str] = []
    crisis: list[str] = []

    @classmethod
    def from_config(cls, numbers: Mapping[str, str]) -> EmergencyNumbers:
        """Group ``emergency_numbers`` (name -> number) by role."""
        groups: dict[Role, list[str]] = {"emergency": [], "urgent": [], "crisis": []}
        for name, number in numbers.items():
            groups[role_of(name, number)].append(number)
        return cls(**groups)

    def to_say(self, situation: Situation) -> list[str]:
        """The (at most two) numbers to speak, as they are read out.

        Args:
            situation: ``emergency`` (ambulance now), ``crisis`` (suicidal talk) or
                ``urgent`` (a priority handoff; the caller is told whom to call if it worsens).
        """
        if situation == "crisis":
            chosen = self.crisis[:1] + self.emergency[:1]
        elif situation == "urgent":
            chosen = self.urgent[:1] + self.emergency
        else:
            chosen = list(self.emergency)
        chosen = chosen[:2] or (self.emergency + self.urgent + self.crisis)[:1]
        return [spoken(n) for n in chosen]
