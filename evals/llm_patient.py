"""An LLM-driven simulated patient (tau-bench's user simulator) for ``speech: {mode: llm}``.

The model plays the caller from the scenario's facts and hidden goal and is told to reveal
only what the agent asks for. It is used only when a model is configured
(``FRONTDESK_OPENAI_*``); offline, ``build_patient`` falls back to the rule-based caller. If
the model fails mid-call (unreachable, unknown model, timeout), the rule-based caller takes
over the same call and ``description`` says so in the report: never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from evals.scenario import Scenario
from graphs.events import URGENCY_QUESTION, TurnResult

log = logging.getLogger(__name__)

HANG_UP = "[HANG UP]"

_PROMPT = """You are a patient phoning a medical practice's front desk. Stay in character.
Speak {language_name} only, as a {persona} caller would, in one or two short sentences.
Your facts: {facts}
Your goal (hidden: reveal only what the receptionist asks for): {goal}
When your goal is met, or the call is handed to a human, or you want to stop, reply exactly
{hang_up}. Never invent facts you were not given; if asked something you do not know, say so."""


def _facts(scenario: Scenario) -> str:
    p = scenario.patient
    data = p.model_dump(exclude={"record", "persona", "caller_phone"}, exclude_none=True)
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in data.items()) or "none"


def _goal(scenario: Scenario) -> str:
    data = scenario.goal.model_dump(exclude_none=True, mode="json")
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in data.items())


class LLMPatient:
    """A caller whose lines a chat model writes, turn by turn."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        llm: Any,
        max_turns: int | None = None,
        fallback: Any = None,
    ) -> None:
        """Create the caller.

        Args:
            scenario: the call to play.
            llm: a LangChain chat model.
            max_turns: at most this many lines (default: the scenario's).
            fallback: the ``SimulatedPatient`` that takes over when the model fails.
        """
        self.scenario = scenario
        self.llm = llm
        self.fallback = fallback
        self.description = "llm"
        self.turns_left = max_turns or scenario.speech.max_turns
        self.system = _PROMPT.format(
            language_name="French" if scenario.language == "fr" else "English",
            persona=scenario.patient.persona.value,
            facts=_facts(scenario),
            goal=_goal(scenario),
            hang_up=HANG_UP,
        )
        self.history: list[tuple[str, str]] = [("system", self.system)]

    async def respond(self, result: TurnResult) -> str | None:
        """Ask the model for the caller's next line (None when it hangs up)."""
        if self.description != "llm" and self.fallback is not None:
            return await self.fallback.respond(result)  # type: ignore[no-any-return]
        # A handoff that asks its urgency question waits for this caller's answer.
        waits = result.handed_off and result.expecting == URGENCY_QUESTION
        if result.ended or (result.handed_off and not waits) or self.turns_left <= 0:
            return None
        self.turns_left -= 1
        # The receptionist speaks as the "user" so the model answers as the caller.
        self.history.append(("user", result.reply))
        try:
            message = await self.llm.ainvoke(self.history)
        except Exception as exc:  # the simulated caller's model, not the agent, failed
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
            log.warning("LLM patient failed (%s)", reason)
            if self.fallback is None:
                raise RuntimeError(f"the LLM patient's model failed ({reason})") from None
            self.description = f"llm, then rule-based (model failed: {reason})"
            return await self.fallback.respond(result)  # type: ignore[no-any-return]
        text = str(getattr(message, "content", message)).strip()
        if not text or HANG_UP in text:
            return None
        self.history.append(("assistant", text))
        return text
