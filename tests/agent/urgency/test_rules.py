"""The rule files load, are consistent, and cover both languages."""

from __future__ import annotations

import re

from agent.understanding import UrgencyLevel
from agent.urgency.rules import LANGUAGES, RulesError, expand, load_rules

REQUIRED_EMERGENCIES = {
    "chest_pain", "breathing_difficulty", "stroke_signs", "heavy_bleeding",
    "pregnancy_bleeding", "unconscious", "anaphylaxis", "suicidal", "infant_fever",
    "child_fever_lethargy", "seizure", "head_injury_severe", "overdose_poisoning",
    "severe_burn", "meningitis_signs", "vomiting_blood", "coughing_blood", "worst_headache",
    "pregnancy_abdominal_pain", "no_fetal_movement",
}  # fmt: skip
REQUIRED_URGENT = {
    "high_fever", "prolonged_fever", "severe_pain", "deep_cut", "possible_fracture",
    "uti_with_fever", "child_dehydration", "eye_emergency", "asthma_attack",
    "elderly_chest_infection", "reduced_fetal_movement",
}  # fmt: skip


def test_every_flag_has_both_labels_and_a_level_above_routine() -> None:
    book = load_rules()
    for flag in book.flags:
        assert flag.label_en and flag.label_fr, flag.code
        assert flag.level in (UrgencyLevel.URGENT, UrgencyLevel.EMERGENCY), flag.code


def test_required_flags_exist_with_their_levels() -> None:
    levels = {flag.code: flag.level for flag in load_rules().flags}
    assert {c for c in REQUIRED_EMERGENCIES if levels.get(c) is UrgencyLevel.EMERGENCY} == (
        REQUIRED_EMERGENCIES
    )
    assert {c for c in REQUIRED_URGENT if levels.get(c) is UrgencyLevel.URGENT} == REQUIRED_URGENT


def test_every_flag_reaches_french_and_english_patterns() -> None:
    book = load_rules()
    for flag in book.flags:
        if not flag.when:  # reached only through another flag's resolved_to
            assert any(f.resolved_to == flag.code for f in book.flags), flag.code
            continue
        for group in flag.when:
            for name in group:
                concept = book.concepts[name]
                if concept.computed:
                    continue
                for lang in LANGUAGES:
                    assert concept.patterns[lang], (flag.code, name, lang)


def test_macros_expand_and_unknown_macros_are_reported() -> None:
    assert expand("a %X% c", {"X": "%Y%", "Y": "b"}) == "a b c"
    try:
        expand("%NOPE%", {})
    except RulesError as exc:
        assert "NOPE" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("unknown macro accepted")


def test_no_pattern_keeps_an_unexpanded_macro() -> None:
    for concept in load_rules().concepts.values():
        for patterns in concept.patterns.values():
            for pattern in patterns:
                assert not re.search(r"%[A-Z_]+%", pattern), pattern


def test_duplicate_keys_in_a_rule_file_are_refused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from agent.urgency import rules

    (tmp_path / "x.yaml").write_text("typos:\n  a: [b]\n  a: [c]\n", encoding="utf-8")
    monkeypatch.setattr(rules, "DATA_DIR", tmp_path)
    try:
        rules._load_yaml("x.yaml")
    except RulesError as exc:
        assert "duplicate keys ['a']" in str(exc) and "x.yaml" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("duplicate key accepted")
