"""A representative subset of a suite: the first phrasing variants of every conversation.

Suites write each conversation several times in different words (``book-asap-cough-en-1``,
``-en-2``, ...). On a slow backend (a real FHIR server, where every slot search costs
hundreds of milliseconds) the EHR side of a conversation is the same for every phrasing, so
a CI run can keep one or two variants of each conversation and language and still cover
every kind of call the suite holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from evals.scenario import Scenario

_VARIANT = re.compile(r"^(?P<family>.+?)-(?P<n>\d+)$")


def family(scenario_id: str) -> tuple[str, int]:
    """The conversation a scenario id is a variant of, and its variant number (1 when the
    id carries none)."""
    match = _VARIANT.match(scenario_id)
    if match is None:
        return scenario_id, 1
    return match.group("family"), int(match.group("n"))


def first_variants(scenarios: Sequence[Scenario], per_family: int) -> list[Scenario]:
    """At most ``per_family`` scenarios of each conversation (by id, lowest variant first),
    in the suite's order."""
    ranked = sorted(scenarios, key=lambda s: (family(s.id)[0], family(s.id)[1], s.id))
    kept: dict[str, int] = {}
    chosen: set[str] = set()
    for scenario in ranked:
        name = family(scenario.id)[0]
        if kept.get(name, 0) < per_family:
            kept[name] = kept.get(name, 0) + 1
            chosen.add(scenario.id)
    return [s for s in scenarios if s.id in chosen]
