"""The labelled caller-speech corpus: well formed, large enough, and the guardrail meets the
triage bars on it (emergency recall >= 95%, precision >= 90%, over-triage <= 5%)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import assess
from agent.urgency.corpus import CORPUS_DIR, CORPUS_FILE, CorpusError, load_corpus
from agent.urgency.scoring import score, wilson

FILES = sorted(CORPUS_DIR.glob("*.yaml"))


def test_the_corpus_has_at_least_400_labelled_texts_in_both_languages() -> None:
    items = load_corpus(CORPUS_FILE)
    assert len(items) >= 400
    per = Counter((i.label, i.language) for i in items)
    assert all(
        per[(label, lang)] >= 20
        for label in ("emergency", "urgent", "routine")
        for lang in ("en", "fr")
    )
    assert all(i.reason for i in items)
    hard = {"idiom", "negation", "past_history", "general_question"}
    assert hard <= {i.cls for i in items}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_bars_hold_on_every_corpus_file(path: Path) -> None:
    report = score(load_corpus(path), lambda i: UrgencyLevel(assess(i.text).level))
    overall = report["overall"]
    assert overall["emergency_recall"]["value"] >= 0.95, report["errors"]
    assert overall["emergency_precision"]["value"] >= 0.90, report["errors"]
    assert overall["over_triage"]["value"] <= 0.05, report["errors"]


def test_wilson_interval_matches_the_textbook_values() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(95, 100)
    assert (round(low, 3), round(high, 3)) == (0.888, 0.979)
    assert wilson(10, 10)[1] == 1.0


def test_a_broken_corpus_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("groups:\n  - class: x\n    label: maybe\n    reason: r\n    texts: {en: [a]}\n")
    with pytest.raises(CorpusError, match=r"bad\.yaml"):
        load_corpus(bad)
    with pytest.raises(CorpusError):
        load_corpus(tmp_path / "missing.yaml")
