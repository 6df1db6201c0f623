"""Pytest fixtures for the fake OpenAI-compatible endpoint.

Use them from any test folder by importing them into that folder's ``conftest.py``::

    from tests.fakes.fixtures import each_brain, fake_openai, scripted_openai  # noqa: F401

``each_brain`` runs a test once with the rule brain and once with the LLM brain talking to the
fake endpoint; or build the LLM brain yourself: ``build_brain(openai_settings(fake_openai))``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agent.settings import Settings
from agent.understanding import Brain
from tests.fakes.openai_endpoint import FakeOpenAI

FAKE_API_KEY = "sk-fake-test-key-0123456789"
FAKE_MODEL = "fake-model"


def openai_settings(fake: FakeOpenAI, **overrides: Any) -> Settings:
    """Settings that select the LLM brain and point it at ``fake``."""
    values: dict[str, Any] = {
        "brain": "openai",
        "openai_base_url": fake.base_url,
        "openai_api_key": FAKE_API_KEY,
        "openai_model": FAKE_MODEL,
        "openai_timeout_s": 5.0,
    }
    return Settings(**{**values, **overrides})


@pytest.fixture
def scripted_openai() -> Iterator[FakeOpenAI]:
    """A fake endpoint that only plays back replies queued with ``.play(...)``."""
    with FakeOpenAI(api_key=FAKE_API_KEY) as fake:
        yield fake


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fake endpoint that answers like a good model: it reads each turn with the rule brain.

    Queued replies (``.play(...)``) are still served first.
    """
    from agent.brains.rules import RulesBrain  # type: ignore[import-not-found,unused-ignore]

    with FakeOpenAI(brain=RulesBrain(), api_key=FAKE_API_KEY) as fake:
        yield fake


@pytest.fixture(params=["rules", "openai"])
def each_brain(request: pytest.FixtureRequest) -> Brain:
    """Each brain in turn: the rule brain, then the LLM brain against ``fake_openai``."""
    from agent.brains import build_brain

    if request.param == "rules":
        return build_brain(Settings(brain="rules"))
    fake: FakeOpenAI = request.getfixturevalue("fake_openai")
    return build_brain(openai_settings(fake))
