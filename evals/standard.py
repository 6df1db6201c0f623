"""Replay a scenario written for the demo practice on the standard-coded practice.

The standard practice (``fhir_adapters.demo.standard``) holds the same people and calendar
with SNOMED CT / HL7 codes and UUID ids. A scenario names demo ids (``pract-martin``,
``pat-0005``) in what it expects and in its hooks; those are translated here, so the same
suites measure frontdesk on a practice it did not build. Texts the caller says are left
alone: callers say names, never ids.
"""

from __future__ import annotations

import json

from evals.scenario import Scenario
from fhir_adapters.demo.standard import standard_text

_ID_FIELDS = ("patient", "goal", "hooks", "expect")


def on_fixture(scenario: Scenario, fixture: str) -> Scenario:
    """``scenario`` replayed on ``fixture`` ("demo" or "standard"), its ids translated."""
    if fixture == "demo" and scenario.clinic.fixture == "demo":
        return scenario
    data = scenario.model_dump(mode="json", by_alias=True)
    data["clinic"]["fixture"] = fixture
    if fixture == "standard":
        for key in _ID_FIELDS:
            data[key] = json.loads(standard_text(json.dumps(data[key])))
        overrides = data["clinic"].get("overrides") or {}
        data["clinic"]["overrides"] = json.loads(standard_text(json.dumps(overrides)))
    translated = Scenario.model_validate(data)
    translated.source = scenario.source
    return translated
