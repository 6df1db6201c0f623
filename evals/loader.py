"""Load scenarios from YAML files and directories, with errors that name the file and line.

A file holds one scenario (a mapping with an ``id``), a list of scenarios, or a suite: a mapping
with ``scenarios:`` and an optional ``suite:`` block (``name``, ``thresholds``, ``defaults``
merged under every scenario of the file). Several YAML documents (``---``) may share a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agent.clinic import ClinicConfigError
from evals.fixtures import clinic_config, deep_merge
from evals.scenario import Scenario, Suite, Thresholds

SUITES_DIR = Path(__file__).resolve().parent / "suites"
"""The suites shipped with frontdesk."""

_SUFFIXES = (".yaml", ".yml")
_SUITE_KEYS = {"name", "description", "thresholds", "defaults"}

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """YAML 1.2 scalars: only true/false are booleans and 10:00 stays a time of day.

    With PyYAML's YAML 1.1 defaults, ``on:`` would be the key True, ``no`` a boolean and an
    unquoted 10:00 the number 600: all traps for people writing scenarios by hand.
    """


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)


class ScenarioError(ValueError):
    """One or more scenarios are invalid; ``problems`` lists "file:line: what is wrong"."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _line_map(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    """Record the 1-based line where every mapping key and list item starts."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _line_map(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines)


def _line_of(lines: dict[Path_, int], path: Path_) -> int:
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            return lines[path[:cut]]
    return 1


def _format_error(where: str, line: int, sid: str, loc: Path_, msg: str) -> str:
    field = ".".join(str(p) for p in loc) or "(scenario)"
    label = f"scenario {sid!r}: " if sid else ""
    return f"{where}:{line}: {label}{field}: {msg}"


def _entries(data: Any, problems: list[str], where: str) -> tuple[list[tuple[Path_, Any]], dict]:
    """Split a YAML document into (path, scenario dict) entries and its suite block."""
    if isinstance(data, list):
        return [((i,), item) for i, item in enumerate(data)], {}
    if isinstance(data, dict) and "scenarios" in data:
        suite = data.get("suite") or {}
        unknown = set(data) - {"suite", "scenarios"} | (set(suite) - _SUITE_KEYS)
        if unknown:
            problems.append(f"{where}:1: unknown suite keys: {', '.join(sorted(unknown))}")
        items = data.get("scenarios") or []
        if not isinstance(items, list):
            problems.append(f"{where}:1: 'scenarios' must be a list")
            items = []
        return [(("scenarios", i), item) for i, item in enumerate(items)], suite
    if isinstance(data, dict) and "opening_hours" in data and "id" not in data:
        return [], {}  # a clinic configuration kept next to the scenarios that use it
    if isinstance(data, dict):
        return [((), data)], {}
    if data is None:
        return [], {}
    problems.append(f"{where}:1: expected a scenario mapping, a list or a suite, not {data!r:.40}")
    return [], {}


def _clinic_problem(scenario: Scenario, base: Path | None) -> str | None:
    """Resolve the scenario's clinic file against ``base`` and check that the clinic builds."""
    fixture = scenario.clinic
    if fixture.config and base is not None and not Path(fixture.config).is_absolute():
        fixture.config = str((base / fixture.config).resolve())
    if not (fixture.config or fixture.overrides):
        return None
    try:
        clinic_config(fixture)
    except (ClinicConfigError, ValidationError) as exc:
        return " ".join(str(exc).split())
    return None


def load_text(text: str, where: str = "<string>", *, base: Path | None = None) -> Suite:
    """Parse scenarios from YAML text; raise ScenarioError listing every problem with its line.

    Args:
        text: the YAML.
        where: the file name used in messages.
        base: the directory relative clinic files are read from (the file's own).
    """
    problems: list[str] = []
    scenarios: list[Scenario] = []
    thresholds = Thresholds()
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        documents = list(yaml.load_all(text, Loader=_Loader))  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([f"{where}:{line}: not valid YAML: {problem}"]) from exc
    for node, data in zip(nodes, documents, strict=True):
        lines: dict[Path_, int] = {}
        if node is not None:
            _line_map(node, (), lines)
        entries, suite = _entries(data, problems, where)
        try:
            thresholds = thresholds.merged(Thresholds(**(suite.get("thresholds") or {})))
        except (ValidationError, TypeError) as exc:
            line = _line_of(lines, ("suite", "thresholds"))
            problems.append(f"{where}:{line}: suite.thresholds: {exc}")
        defaults = suite.get("defaults") or {}
        for path, item in entries:
            line = _line_of(lines, path)
            if not isinstance(item, dict):
                problems.append(f"{where}:{line}: a scenario must be a mapping of fields")
                continue
            sid = str(item.get("id", ""))
            try:
                scenario = Scenario.model_validate(deep_merge(defaults, item))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = tuple(err["loc"])
                    at = _line_of(lines, (*path, *loc))
                    problems.append(_format_error(where, at, sid, loc, err["msg"]))
                continue
            scenario.source = f"{where}:{line}"
            problem = _clinic_problem(scenario, base)
            if problem:
                at = _line_of(lines, (*path, "clinic"))
                problems.append(_format_error(where, at, sid, ("clinic",), problem))
                continue
            scenarios.append(scenario)
    if problems:
        raise ScenarioError(problems)
    return Suite(scenarios=scenarios, thresholds=thresholds)


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise ScenarioError([f"{path}: no such file or directory"])
    return found


def load_paths(paths: Sequence[Path | str] = ()) -> Suite:
    """Load every scenario under ``paths`` (files or directories; the shipped suites if empty).

    Raises:
        ScenarioError: with every problem of every file, or when two scenarios share an id.
    """
    targets = [Path(p) for p in paths] or [SUITES_DIR]
    problems: list[str] = []
    merged = Suite()
    seen: dict[str, str] = {}
    for file in _files(targets):
        try:
            suite = load_text(file.read_text(encoding="utf-8"), str(file), base=file.parent)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot read: {exc}")
            continue
        merged.thresholds = merged.thresholds.merged(suite.thresholds)
        for scenario in suite.scenarios:
            if scenario.id in seen:
                problems.append(
                    f"{scenario.source}: duplicate scenario id {scenario.id!r} "
                    f"(first at {seen[scenario.id]})"
                )
                continue
            seen[scenario.id] = str(scenario.source)
            merged.scenarios.append(scenario)
    if problems:
        raise ScenarioError(problems)
    return merged
