"""Read a practice's YAML file into a ClinicConfig, with errors that name the file and line.

YAML is composed into nodes first so every key and list item keeps its line; pydantic's
error locations are then walked through those nodes. Duplicate keys, which PyYAML would
silently collapse to the last one, are errors too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agent.clinic.model import ClinicConfig

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a configuration file."""

    line: int
    field: str
    message: str


class ClinicConfigError(ValueError):
    """A practice configuration file is unreadable or invalid.

    ``str(error)`` lists every problem as "<file>, line <n>: <field>: <problem>".
    """

    def __init__(self, path: Path | str, problems: Sequence[Problem]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        lines = [
            f"{self.path}, line {p.line}: {p.field + ': ' if p.field else ''}{p.message}"
            for p in self.problems
        ]
        super().__init__("\n".join(lines))

    @property
    def line(self) -> int:
        """The line of the first problem."""
        return self.problems[0].line


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"


def _duplicates(node: yaml.Node, path: str = "") -> list[Problem]:
    """Keys that appear twice in one mapping, anywhere in the document."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = _key_text(key)
            where = f"{path}.{name}" if path else name
            if name in seen:
                problems.append(
                    Problem(
                        key.start_mark.line + 1,
                        where,
                        f"duplicate key (first set on line {seen[name]})",
                    )
                )
            else:
                seen[name] = key.start_mark.line + 1
            problems.extend(_duplicates(value, where))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicates(item, f"{path}[{index}]"))
    return problems


def line_of(root: yaml.Node, loc: Loc) -> int:
    """The 1-based line of the node at pydantic location ``loc`` (or its nearest parent).

    The last step of a location that names a mapping key points at the key itself, so an
    unknown key is reported where it is written.
    """
    node = root
    line = root.start_mark.line + 1
    for step in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if _key_text(key) == str(step):
                    line = key.start_mark.line + 1
                    child = value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            child = node.value[step]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _field(loc: Loc) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check the spelling)"
    if kind == "missing":
        return "required, but missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if kind.endswith(("_type", "_parsing")) and isinstance(value, str | int | float | bool):
        message += f" (got {value!r})"
    return message


def _is_tag(step: int | str) -> bool:
    # pydantic adds union-member tags ("literal['a','b']") and "[key]" for dict keys.
    return isinstance(step, str) and (step.startswith(("literal[", "function-")) or step == "[key]")


def _validation_problems(root: yaml.Node, exc: ValidationError) -> list[Problem]:
    problems: dict[Loc, Problem] = {}
    expected: dict[Loc, list[str]] = {}
    for error in exc.errors():
        loc = tuple(step for step in error["loc"] if not _is_tag(step))
        if error["type"] == "literal_error":
            # A union of vocabularies fails once per member: merge them into one message.
            expected.setdefault(loc, []).append(str(error["ctx"]["expected"]))
            message = f"{error['input']!r} is not one of {' or '.join(expected[loc])}"
        elif loc in problems:
            continue
        else:
            message = _message(error)
        problems[loc] = Problem(line_of(root, loc), _field(loc), message)
    return sorted(problems.values(), key=lambda p: p.line)


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    message = f"YAML syntax: {exc.problem or 'not valid YAML'}"
    context = exc.context_mark
    if exc.context and context is not None and context.line + 1 != line:
        message += f" ({exc.context} started on line {context.line + 1})"
    return Problem(line, "", message)


def parse_clinic(text: str, *, source: Path | str = "<clinic>") -> ClinicConfig:
    """Parse YAML ``text`` into a ClinicConfig; ``source`` names it in errors."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        raise ClinicConfigError(source, [_syntax_problem(exc)]) from None
    finally:
        loader.dispose()
    if root is None or not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else 1
        raise ClinicConfigError(source, [Problem(line, "", "expected a mapping of settings")])
    duplicates = _duplicates(root)
    if duplicates:
        raise ClinicConfigError(source, duplicates)
    languages = data.get("languages")
    context = {"languages": languages if isinstance(languages, list) else []}
    try:
        return ClinicConfig.model_validate(data, context=context)
    except ValidationError as exc:
        raise ClinicConfigError(source, _validation_problems(root, exc)) from None


def load_clinic(path: Path | str) -> ClinicConfig:
    """Read and validate the practice configuration at ``path``.

    Raises:
        ClinicConfigError: the file is missing, not valid YAML, or not a valid
            configuration; the message names the file, the line and each problem.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClinicConfigError(path, [Problem(1, "", f"cannot read the file: {exc}")]) from None
    config = parse_clinic(text, source=path)
    if config.knowledge_files:
        # Knowledge files are written next to the configuration, wherever it is run from.
        files = [f if f.is_absolute() else path.parent / f for f in config.knowledge_files]
        config = config.model_copy(update={"knowledge_files": files})
    return config
