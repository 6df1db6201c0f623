"""The runner end to end with the real engine on a fresh demo clinic per scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evals.loader import SUITES_DIR, load_paths
from evals.runner import RunOptions, run_scenarios
from evals.scoring import score

README = Path(__file__).resolve().parents[2] / "evals" / "README.md"
PICKED = [
    "faq-hours-en-1",
    "redflag-chest-pain-self-en",
    "rx-fr-01",
    "slot-taken-meanwhile-en-1",
    "injection-en-1",
]


@pytest.fixture(scope="module")
def picked_results():
    scenarios = [s for s in load_paths([SUITES_DIR]).scenarios if s.id in PICKED]
    assert len(scenarios) == len(PICKED)
    return run_scenarios(scenarios, RunOptions(workers=1, runs=2))


def test_each_scenario_is_replayed_and_judged_on_state(picked_results) -> None:
    assert [(r.scenario_id, r.run) for r in picked_results] == sorted(
        (sid, run) for sid in PICKED for run in range(2)
    )
    failures = {
        r.scenario_id: [c for c in r.checks if not c.passed] for r in picked_results if not r.passed
    }
    assert failures == {}
    assert all(r.error is None and r.engine_ms for r in picked_results)


def test_an_emergency_is_observed_as_one(picked_results) -> None:
    (emergency, _) = [r for r in picked_results if r.scenario_id.startswith("redflag")]
    assert emergency.observed_urgency.value == "emergency"
    assert emergency.handed_off


def test_the_slot_taken_hook_is_the_practices_write_not_the_agents(picked_results) -> None:
    taken = next(r for r in picked_results if r.scenario_id == "slot-taken-meanwhile-en-1")
    assert any(t.role == "system" and "another patient books" in t.text for t in taken.transcript)
    assert taken.wrongful_writes == [] and len(taken.writes) == 1


def test_runs_are_deterministic_so_pass_k_equals_pass_1(picked_results) -> None:
    scores = score(picked_results)
    assert scores.pass_k[2] == scores.pass_k[1] == 1.0
    by_run = {}
    for r in picked_results:
        by_run.setdefault(r.scenario_id, []).append([t.text for t in r.transcript])
    assert all(a == b for a, b in by_run.values())


def test_the_readme_example_runs_from_a_fresh_directory(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(id: back-pain-next-week.*?)```", text, re.S)
    assert example is not None
    folder = tmp_path / "my_scenarios"
    folder.mkdir()
    (folder / "back_pain.yaml").write_text(example.group(1), encoding="utf-8")
    suite = load_paths([folder])
    (result,) = run_scenarios(suite.scenarios, RunOptions(workers=1))
    assert result.error is None
    assert result.passed, [c for c in result.checks if not c.passed]
    assert result.writes and result.writes[0].startswith("booked")
