"""What one replay of a scenario produced: the transcript, the checks and the observed facts.

These models cross process boundaries (workers send them back as dicts) and feed the scoring
and the reports, so they hold plain data only.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.understanding import UrgencyLevel


class Turn(BaseModel):
    """One line of the call."""

    role: Literal["patient", "agent", "system"]
    text: str
    heard: str | None = Field(
        None, description="what the engine read of a patient line carried by voice (STT)"
    )
    expecting: str | None = None
    engine_ms: float | None = Field(None, description="engine time for this agent reply")
    events: list[dict[str, Any]] = Field(default_factory=list)
    brain: dict[str, Any] | None = Field(None, description="which brain read it, its cost")


class CheckResult(BaseModel):
    """One expectation of the scenario, checked on state."""

    name: str
    passed: bool
    detail: str = ""


class LLMRun(BaseModel):
    """What the LLM brain did in one conversation."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    llm_ms: list[float] = Field(default_factory=list, description="per turn the LLM read")
    fallbacks: dict[str, int] = Field(default_factory=dict, description="reason -> count")
    dropped_fields: int = Field(0, description="values grounding dropped")
    turns_by_brain: dict[str, int] = Field(default_factory=dict)


class RunResult(BaseModel):
    """One replay of one scenario."""

    scenario_id: str
    category: str
    language: str
    run: int = 0
    passed: bool
    checks: list[CheckResult] = Field(default_factory=list)
    transcript: list[Turn] = Field(default_factory=list)
    patient_turns: int = 0
    engine_ms: list[float] = Field(default_factory=list, description="per agent reply")
    handed_off: bool = False
    expected_urgency: UrgencyLevel = UrgencyLevel.ROUTINE
    observed_urgency: UrgencyLevel = UrgencyLevel.ROUTINE
    writes: list[str] = Field(default_factory=list, description="writes the agent made")
    wrongful_writes: list[str] = Field(default_factory=list)
    error: str | None = Field(None, description="a crash of the engine or the harness")
    source: str | None = None
    patient: str = Field("simulated", description="who played the caller (and any fallback)")
    llm: LLMRun = Field(default_factory=lambda: LLMRun())

    @property
    def failed_checks(self) -> list[CheckResult]:
        """The checks that did not pass."""
        return [c for c in self.checks if not c.passed]
