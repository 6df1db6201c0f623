"""The two interchangeable brains behind the graph, and the one place that picks between them.

``rules`` is the embedded deterministic brain (no network); ``openai`` is the LLM brain for
OpenAI or any OpenAI-compatible endpoint. Both implement ``agent.understanding.Brain``.
"""

from __future__ import annotations

from typing import Any

from agent.brains.openai import BrainConfigurationError, OpenAIBrain
from agent.settings import Settings
from agent.understanding import Brain

__all__ = ["BrainConfigurationError", "OpenAIBrain", "build_brain"]


def build_brain(settings: Settings, **options: Any) -> Brain:
    """Return the brain the settings ask for.

    Args:
        settings: ``settings.brain`` picks "rules" or "openai"; the ``openai_*`` settings
            configure the LLM brain.
        **options: extra keyword arguments for the chosen brain's constructor (tests).

    Raises:
        BrainConfigurationError: the LLM brain has neither an API key nor a base URL.
    """
    if settings.brain == "openai":
        return OpenAIBrain.from_settings(settings, **options)
    if settings.brain == "rules":
        from agent.brains.rules import RulesBrain  # type: ignore[import-not-found,unused-ignore]

        return RulesBrain(**options)  # type: ignore[no-any-return,unused-ignore]
    raise BrainConfigurationError(f"unknown brain {settings.brain!r}: use 'rules' or 'openai'")
