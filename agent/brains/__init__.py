"""The interchangeable brains behind the graph, and the one place that picks between them.

``rules`` is the embedded deterministic brain (no network); ``openai`` is the LLM brain for
OpenAI or any OpenAI-compatible endpoint (``openai-secondary`` a second endpoint). Settings
name a chain (``FRONTDESK_BRAINS``, or ``FRONTDESK_BRAIN=openai``); the rule brain always
closes it, so a failing model never leaves a turn unread (``agent.brains.chain``).
"""

from __future__ import annotations

from typing import Any

from agent.brains.base import BrainFailure, BrainReading, Usage
from agent.brains.chain import BrainChain
from agent.brains.openai import BrainConfigurationError, OpenAIBrain
from agent.settings import Settings
from agent.understanding import Brain

__all__ = [
    "BrainChain",
    "BrainConfigurationError",
    "BrainFailure",
    "BrainReading",
    "OpenAIBrain",
    "Usage",
    "build_brain",
    "build_llm_brain",
]

KNOWN_BRAINS = ("openai", "openai-secondary", "rules")


def build_llm_brain(settings: Settings, name: str = "openai", **options: Any) -> OpenAIBrain:
    """One LLM brain of the chain ("openai" or "openai-secondary") from settings.

    Raises:
        BrainConfigurationError: the endpoint is not configured.
    """
    return OpenAIBrain.from_settings(settings, secondary=name == "openai-secondary", **options)


def build_brain(settings: Settings, **options: Any) -> Brain:
    """Return the brain (or chain of brains) the settings ask for.

    Args:
        settings: ``brains`` (or ``brain``) names the chain; the ``openai_*`` and ``llm_*``
            settings configure the LLM brains.
        **options: extra keyword arguments for the LLM brains' constructor (tests).

    Raises:
        BrainConfigurationError: an unknown brain, or an LLM brain without an endpoint.
    """
    names = settings.brain_chain
    unknown = [n for n in names if n not in KNOWN_BRAINS]
    if unknown:
        raise BrainConfigurationError(
            f"unknown brain {unknown[0]!r}: use {', '.join(repr(k) for k in KNOWN_BRAINS)}"
        )
    from agent.brains.rules import RulesBrain  # type: ignore[import-not-found,unused-ignore]

    rules: Brain = RulesBrain()
    if names == ["rules"]:
        return rules
    llms: list[Brain] = [build_llm_brain(settings, n, **options) for n in names[:-1]]
    return BrainChain(
        [*llms, rules],
        turn_budget_text_s=settings.llm_turn_budget_text_s,
        turn_budget_voice_s=settings.llm_turn_budget_voice_s,
        probe_interval_s=settings.llm_probe_interval_s,
        hybrid=settings.llm_hybrid,
    )
