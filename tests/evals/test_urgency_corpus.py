"""The eval report shows the urgency guardrail on its labelled corpus."""

from __future__ import annotations

from evals.report_html import render_html
from evals.report_json import report_dict
from evals.scoring import score
from evals.urgency_corpus import urgency_corpus_report
from tests.evals.test_report_html import _results


def test_the_report_carries_the_corpus_figures_per_file_and_class() -> None:
    corpus = urgency_corpus_report()
    assert {"corpus", "heldout"} <= set(corpus)
    main = corpus["corpus"]
    assert main["overall"]["n"] >= 400
    assert main["overall"]["emergency_recall"]["value"] >= 0.95
    assert "stroke" in main["by_class"] and "idiom" in main["by_class"]
    results = _results()
    report = report_dict(score(results), results, misses=[], urgency_corpus=corpus)
    assert report["urgency_corpus"] is corpus
    html = render_html(score(results), results, misses=[], urgency_corpus=corpus)
    assert "Urgency guardrail on labelled caller speech" in html and "heldout" in html
