"""The urgency guardrail on its labelled caller-speech corpus, for the eval report.

The same figures as ``frontdesk bench urgency`` (agent.urgency.scoring), without the timing:
emergency recall and precision and over-triage, with Wilson 95% intervals, per shipped file
and per class.
"""

from __future__ import annotations

from typing import Any

from agent.understanding import UrgencyLevel
from agent.urgency import assess
from agent.urgency.corpus import CORPUS_DIR, CorpusItem, load_corpus
from agent.urgency.scoring import score


def _level(item: CorpusItem) -> UrgencyLevel:
    return UrgencyLevel(assess(item.text, language=item.language).level)


def urgency_corpus_report() -> dict[str, Any]:
    """Per corpus file: overall and per-class metrics and the number of misclassified texts."""
    out: dict[str, Any] = {}
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        report = score(load_corpus(path), _level)
        out[path.stem] = {
            "overall": report["overall"],
            "by_language": report["by_language"],
            "by_class": report["by_class"],
            "errors": len(report["errors"]),
        }
    return out
