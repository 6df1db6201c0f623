"""Over-filled answers, as a small real model gives them (for the stand-in's ``tamper``).

Recorded from a run of Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) behind llama-cpp-python's
server: the right reading plus fields the turn never said. A "Yes." after a read-back came
back with a ``time`` (the day after the call) and a booking intent; a birth date was filled
while the agent asked for a name, with the day after the call; ``choice`` 0 was set when
nothing was offered; the first practitioner of the list was named on booking requests.
:func:`overfill` adds exactly those to the inner brain's (correct) reading, so tests can check
that grounding removes them and the call still succeeds.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agent.understanding import BrainContext


def overfill(text: str, context: BrainContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """The inner brain's arguments plus what a small model invents around them."""
    tomorrow = (context.now + timedelta(days=1)).date().isoformat()
    found = dict(arguments)
    found.setdefault("language", context.language)
    if context.phase == "confirm" and found.get("affirmative") is not None:
        found.setdefault("time", {"earliest_date": tomorrow})
        if found.get("affirmative"):
            found.setdefault("intent", "book")
    if context.phase == "identity":
        found.setdefault("birth_date", tomorrow)
    if not context.offered:
        found.setdefault("choice", 0)
    if found.get("intent") == "book" and context.practitioner_names:
        found.setdefault("practitioner_name", context.practitioner_names[0])
    return found
