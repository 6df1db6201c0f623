"""Scenario loading: the accepted shapes, and errors that name the file, the line and the field."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from agent.clinic import DEMO_CLINIC_FILE
from evals.fixtures import clinic_config
from evals.loader import ScenarioError, load_paths, load_text

MINIMAL = """
id: s1
category: booking
language: fr
clock: 2026-11-23T08:00:00+01:00
goal: {intent: book, accept: {not_before: 10:00}}
expect: {booked: {practitioner: pract-martin}}
"""


def test_a_single_scenario_loads_with_typed_fields() -> None:
    suite = load_text(MINIMAL, "one.yaml")
    (scenario,) = suite.scenarios
    assert scenario.id == "s1"
    # YAML 1.1 would read an unquoted 10:00 as the number 600; scenarios read a time.
    assert scenario.goal.accept is not None and scenario.goal.accept.not_before == time(10, 0)
    assert scenario.source == "one.yaml:2"


def test_a_suite_merges_its_defaults_and_keeps_its_thresholds() -> None:
    text = """
suite:
  name: mine
  defaults: {clinic: {seed: 7}, language: en}
  thresholds: {success: 0.9, max_wrongful_writes: 0}
scenarios:
  - id: a
    category: information
    clock: 2026-11-23T08:00:00+01:00
    goal: {intent: info, question: "What are your hours?"}
    expect: {no_write: true}
  - id: b
    category: information
    language: fr
    clock: 2026-11-23T08:00:00+01:00
    goal: {intent: info, question: "Vous ouvrez quand ?"}
    expect: {no_write: true}
"""
    suite = load_text(text)
    assert [s.language for s in suite.scenarios] == ["en", "fr"]
    assert {s.clinic.seed for s in suite.scenarios} == {7}
    assert suite.thresholds.success == 0.9
    assert suite.thresholds.max_wrongful_writes == 0


def test_errors_name_the_file_line_scenario_and_field() -> None:
    text = """scenarios:
  - id: bad
    category: bookin
    language: fr
    clock: 2026-11-23T08:00:00
    goal: {intent: book}
    expect:
      booked: {practitioner: pract-martin}
      bogus: 1
"""
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "x.yaml")
    problems = caught.value.problems
    assert any(p.startswith("x.yaml:3: scenario 'bad': category:") for p in problems)
    assert any(
        p.startswith("x.yaml:5: scenario 'bad': clock:") and "UTC offset" in p for p in problems
    )
    assert any(p.startswith("x.yaml:9: scenario 'bad': expect.bogus:") for p in problems)


def test_invalid_yaml_reports_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text("id: x\ngoal: [unclosed\n", "broken.yaml")
    assert caught.value.problems[0].startswith("broken.yaml:")
    assert "not valid YAML" in caught.value.problems[0]


def test_contradictory_expectations_are_refused() -> None:
    text = MINIMAL.replace(
        "expect: {booked: {practitioner: pract-martin}}",
        "expect: {no_write: true, booked: {practitioner: pract-martin}}",
    )
    with pytest.raises(ScenarioError, match="contradicts"):
        load_text(text)


def test_an_emergency_without_a_handoff_expectation_is_refused() -> None:
    text = MINIMAL.replace(
        "expect: {booked: {practitioner: pract-martin}}", "expect: {urgency: emergency}"
    )
    with pytest.raises(ScenarioError, match="handoff"):
        load_text(text)


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yml").write_text(MINIMAL)
    with pytest.raises(ScenarioError, match="duplicate scenario id 's1'"):
        load_paths([tmp_path])


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_paths([tmp_path / "nowhere"])


def test_the_shipped_suites_load_and_cover_the_call_mix() -> None:
    suite = load_paths()
    categories = {s.category.value for s in suite.scenarios}
    assert len(suite.scenarios) >= 300
    assert categories == {
        "booking",
        "changes",
        "information",
        "prescriptions",
        "billing",
        "clinical_triage",
        "complex",
        "adversarial",
    }
    languages = [s.language for s in suite.scenarios]
    assert abs(languages.count("fr") - languages.count("en")) <= len(languages) * 0.1
    assert suite.thresholds.urgency_recall == 1.0


def test_yaml_1_1_traps_do_not_apply() -> None:
    text = MINIMAL.replace(
        "expect: {booked: {practitioner: pract-martin}}",
        "expect:\n  cancelled: {on: 2026-11-26}\n  reply_excludes: [no, on]",
    )
    (scenario,) = load_text(text).scenarios
    assert scenario.expect.cancelled is not None
    assert str(scenario.expect.cancelled.on) == "2026-11-26"
    assert scenario.expect.reply_excludes == ["no", "on"]


def test_clinic_overrides_change_the_rules_and_bad_ones_are_reported() -> None:
    text = MINIMAL.replace(
        "clock:", "clinic: {overrides: {routing: {bookable_service_types: [consultation]}}}\nclock:"
    )
    (scenario,) = load_text(text).scenarios
    assert clinic_config(scenario.clinic).routing.bookable_service_types == ["consultation"]
    bad = MINIMAL.replace("clock:", "clinic: {overrides: {routing: {nonsense: 1}}}\nclock:")
    with pytest.raises(ScenarioError, match=r"<string>:5: scenario 's1': clinic: .*nonsense"):
        load_text(bad)


def test_a_clinic_file_is_read_relative_to_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "clinics").mkdir()
    (tmp_path / "clinics" / "mine.yaml").write_text(DEMO_CLINIC_FILE.read_text())
    (tmp_path / "s.yaml").write_text(
        MINIMAL.replace("clock:", "clinic: {config: clinics/mine.yaml}\nclock:")
    )
    (tmp_path / "broken.yaml").write_text(
        MINIMAL.replace("id: s1", "id: s2").replace(
            "clock:", "clinic: {config: nowhere.yaml}\nclock:"
        )
    )
    with pytest.raises(ScenarioError) as caught:
        load_paths([tmp_path])
    assert len(caught.value.problems) == 1 and "nowhere.yaml" in caught.value.problems[0]
    (tmp_path / "broken.yaml").unlink()
    (scenario,) = load_paths([tmp_path / "s.yaml"]).scenarios
    assert scenario.clinic.config == str(tmp_path / "clinics" / "mine.yaml")
