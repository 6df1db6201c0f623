"""Where the agent did not understand: which reply said "I didn't catch that", after which
patient words, so the next gap in understanding is visible at a glance in the report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from agent.replies import english, french
from evals.results import RunResult
from fhir_adapters.matching import fold

_KEYS = ("not_understood", "not_understood_again")
_MARKERS = tuple(
    fold(catalog[key].split(".")[0])
    for catalog in (english.MESSAGES, french.MESSAGES)
    for key in _KEYS
)
"""The first sentence of each "not understood" reply, folded ("sorry, i didn't catch that")."""


class Miss(BaseModel):
    """One agent turn that did not understand the patient."""

    scenario_id: str
    turn: int = Field(..., description="index of the agent turn in the transcript")
    after: str = Field(..., description="what the patient said just before")
    expecting: str | None = Field(None, description="what the agent was waiting for before it")


class NotUnderstood(BaseModel):
    """Every "not understood" reply of a set of replays."""

    count: int = 0
    calls: int = Field(0, description="replays with at least one")
    misses: list[Miss] = Field(default_factory=list)

    def top(self, n: int = 10) -> list[tuple[str, int]]:
        """The patient lines most often not understood, with their counts."""
        return Counter(m.after for m in self.misses).most_common(n)


def is_not_understood(reply: str) -> bool:
    """True when an agent reply says it did not understand."""
    folded = fold(reply)
    return any(marker in folded for marker in _MARKERS)


def not_understood(results: Sequence[RunResult]) -> NotUnderstood:
    """Collect the "not understood" replies of ``results``."""
    out = NotUnderstood()
    for result in results:
        before: str = ""
        expecting: str | None = None
        last_expecting: str | None = None
        hit = False
        for i, turn in enumerate(result.transcript):
            if turn.role == "patient":
                before, expecting = turn.text, last_expecting
            elif turn.role == "agent":
                if i > 0 and is_not_understood(turn.text):
                    out.misses.append(
                        Miss(
                            scenario_id=result.scenario_id,
                            turn=i,
                            after=before,
                            expecting=expecting,
                        )
                    )
                    hit = True
                last_expecting = turn.expecting
        out.calls += hit
    out.count = len(out.misses)
    return out
