"""Load and compile the red-flag rules from the YAML files in ``data/``.

Everything is compiled once, at import of :mod:`agent.urgency.assess`: one regex per concept
(French and English alternatives together, since callers mix languages and the language
detector may be wrong), one regex for all guarded idioms, one for all spelling fixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from agent.understanding import UrgencyLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr")
_MACRO = re.compile(r"%([A-Z_]+)%")


class RulesError(ValueError):
    """The rule files are inconsistent (unknown concept, missing language, bad regex)."""


@dataclass(frozen=True)
class Concept:
    """A thing to look for in the text: a symptom, a context (pregnant), a person (a baby)."""

    name: str
    patterns: dict[str, list[str]]
    regex: re.Pattern[str] | None
    history: bool = True
    person: bool = False
    computed: bool = False


@dataclass(frozen=True)
class Ask:
    """A closed question that tells an urgent flag from its emergency sibling (``to``)."""

    to: str
    question: dict[str, str]


@dataclass(frozen=True)
class FlagRule:
    """A red flag: fires when every concept of any one group in ``when`` is present."""

    code: str
    level: UrgencyLevel
    label_en: str
    label_fr: str
    when: tuple[tuple[str, ...], ...]
    resolved_by: str | None = None
    resolved_to: str | None = None
    follow_up_is_history: bool = False
    supersedes: tuple[str, ...] = ()
    ask: Ask | None = None


@dataclass(frozen=True)
class RuleBook:
    """All compiled rules."""

    concepts: dict[str, Concept]
    flags: tuple[FlagRule, ...]
    guard_regex: re.Pattern[str]
    typo_regex: re.Pattern[str] | None
    typos: dict[str, str]
    relations: dict[str, dict[str, str]] = field(default_factory=dict)
    """relation key -> {"en": label, "fr": label}"""
    relation_words: dict[str, str] = field(default_factory=dict)
    """normalised word -> relation key"""

    def flag(self, code: str) -> FlagRule:
        """Return the flag rule with this code (KeyError when unknown)."""
        for rule in self.flags:
            if rule.code == code:
                return rule
        raise KeyError(code)


def expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    """Replace every ``%NAME%`` in ``pattern`` by its macro text, recursively."""
    if depth > 5:
        raise RulesError(f"macros nested too deeply in {pattern!r}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise RulesError(f"unknown macro %{name}% in {pattern!r}")
        return expand(macros[name], macros, depth + 1)

    return _MACRO.sub(one, pattern)


def _compile(patterns: list[str], what: str) -> re.Pattern[str]:
    # Longest alternatives first so "no longer bleeding" wins over "bleeding" at one position.
    body = "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))
    try:
        return re.compile(rf"\b(?:{body})(?![a-z0-9])")
    except re.error as exc:
        raise RulesError(f"bad regex in {what}: {exc}") from exc


def _concept(name: str, spec: dict[str, Any], macros: dict[str, str]) -> Concept:
    if spec.get("computed"):
        return Concept(name, {}, None, computed=True, person=bool(spec.get("person")))
    patterns: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        raw = spec.get(lang) or []
        if not raw:
            raise RulesError(f"concept {name!r} has no {lang!r} patterns")
        patterns[lang] = [expand(str(p), macros) for p in raw]
    regex = _compile(patterns["en"] + patterns["fr"], f"concept {name!r}")
    return Concept(
        name,
        patterns,
        regex,
        history=bool(spec.get("history", True)),
        person=bool(spec.get("person", False)),
    )


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _value in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        if duplicates:
            line = node.start_mark.line + 1
            raise RulesError(
                f"duplicate keys {sorted(map(str, duplicates))} (mapping at line {line})"
            )
        return super().construct_mapping(node, deep=deep)


def _load_yaml(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        try:
            data = yaml.load(handle, Loader=_StrictLoader)  # a SafeLoader subclass
        except RulesError as exc:
            raise RulesError(f"{name}: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{name}: expected a mapping at the top level")
    return data


def _typos(spec: dict[str, list[str]]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    typos = {str(v): str(canon) for canon, variants in spec.items() for v in variants}
    if not typos:
        return None, typos
    words = "|".join(re.escape(w) for w in sorted(typos, key=len, reverse=True))
    return re.compile(rf"\b(?:{words})\b"), typos


def _flag(spec: dict[str, Any], concepts: dict[str, Concept], macros: dict[str, str]) -> FlagRule:
    code = str(spec["code"])
    for name, sub in (spec.get("concepts") or {}).items():
        concepts[name] = _concept(name, sub, macros)
    if spec.get("en") or spec.get("fr"):
        concepts[code] = _concept(code, spec, macros)
    when = spec.get("when", [[code]])
    groups = tuple(tuple(str(c) for c in group) for group in when)
    label = spec.get("label") or {}
    if not label.get("en") or not label.get("fr"):
        raise RulesError(f"flag {code!r} needs en and fr labels")
    ask = spec.get("ask")
    if ask is not None and not all(ask.get(k) for k in ("to", *LANGUAGES)):
        raise RulesError(f"flag {code!r}: ask needs to, en and fr")
    return FlagRule(
        code=code,
        level=UrgencyLevel(spec["level"]),
        label_en=str(label["en"]),
        label_fr=str(label["fr"]),
        when=groups,
        resolved_by=spec.get("resolved_by"),
        resolved_to=spec.get("resolved_to"),
        follow_up_is_history=bool(spec.get("follow_up_is_history", False)),
        supersedes=tuple(str(c) for c in spec.get("supersedes") or ()),
        ask=Ask(str(ask["to"]), {lang: str(ask[lang]) for lang in LANGUAGES}) if ask else None,
    )


def _check(book: RuleBook) -> None:
    codes = {f.code for f in book.flags}
    if len(codes) != len(book.flags):
        raise RulesError("duplicate flag codes")
    for rule in book.flags:
        for group in rule.when:
            for name in group:
                if name not in book.concepts:
                    raise RulesError(f"flag {rule.code!r} uses unknown concept {name!r}")
        if rule.resolved_by and rule.resolved_by not in book.concepts:
            raise RulesError(f"flag {rule.code!r}: unknown resolved_by {rule.resolved_by!r}")
        for other in rule.supersedes:
            if other not in codes:
                raise RulesError(f"flag {rule.code!r} supersedes unknown flag {other!r}")
        if rule.resolved_to and rule.resolved_to not in codes:
            raise RulesError(f"flag {rule.code!r}: unknown resolved_to {rule.resolved_to!r}")
        if rule.ask is not None:
            # A question is asked only to tell an urgent call from an emergency.
            if (
                rule.ask.to not in codes
                or book.flag(rule.ask.to).level is not UrgencyLevel.EMERGENCY
            ):
                raise RulesError(f"flag {rule.code!r}: ask.to must be an emergency flag")
            if rule.level is not UrgencyLevel.URGENT:
                raise RulesError(f"flag {rule.code!r}: only urgent flags ask")


@lru_cache(maxsize=1)
def load_rules() -> RuleBook:
    """Read, expand, compile and check the rule files (cached: the files do not change)."""
    lexicon = _load_yaml("lexicon.yaml")
    macros = {str(k): str(v) for k, v in (lexicon.get("macros") or {}).items()}
    concepts = {
        str(name): _concept(str(name), spec or {}, macros)
        for name, spec in (_load_yaml("concepts.yaml").get("concepts") or {}).items()
    }
    flags = tuple(
        _flag(spec, concepts, macros) for spec in _load_yaml("red_flags.yaml").get("flags") or []
    )
    guards = [expand(str(g), macros) for g in lexicon.get("guards") or []]
    typo_regex, typos = _typos(lexicon.get("typos") or {})
    relations: dict[str, dict[str, str]] = {}
    relation_words: dict[str, str] = {}
    for key, spec in (lexicon.get("relations") or {}).items():
        relations[str(key)] = {lang: str(spec["label"][lang]) for lang in LANGUAGES}
        for lang in LANGUAGES:
            for word in spec[lang]:
                relation_words.setdefault(str(word), str(key))
    book = RuleBook(
        concepts=concepts,
        flags=flags,
        guard_regex=_compile(guards, "guards"),
        typo_regex=typo_regex,
        typos=typos,
        relations=relations,
        relation_words=relation_words,
    )
    _check(book)
    return book
