"""The machine-readable report: scores, threshold misses and every replay, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.results import RunResult
from evals.scoring import Scores


def report_dict(
    scores: Scores,
    results: list[RunResult],
    *,
    misses: list[str],
    meta: dict[str, Any] | None = None,
    urgency_corpus: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON report as a dict: ``meta``, ``scores``, ``misses``, ``failures``, ``results``
    (and ``urgency_corpus``: the guardrail on its labelled corpus, when given)."""
    return {
        "meta": meta or {},
        "scores": scores.model_dump(mode="json"),
        **({"urgency_corpus": urgency_corpus} if urgency_corpus is not None else {}),
        "misses": misses,
        "failures": sorted({r.scenario_id for r in results if not r.passed}),
        "results": [r.model_dump(mode="json") for r in results],
    }


def write_json(path: Path, report: dict[str, Any]) -> None:
    """Write ``report`` to ``path`` (parents created), pretty-printed UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
