"""The human-readable report: one self-contained HTML file (inline CSS and SVG, no script, no CDN).

It shows the scores, the charts (success by category and by language, the urgency confusion
matrix, the turn-count and engine-latency distributions) and the transcript of every failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from evals import charts
from evals.results import RunResult
from evals.scoring import Scores

_ENV = Environment(
    loader=PackageLoader("evals", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _charts(scores: Scores, results: list[RunResult]) -> dict[str, Markup]:
    def rows(breakdown: dict[str, Any]) -> list[tuple[str, float, int]]:
        return [(name, b.success, b.runs) for name, b in breakdown.items()]

    return {
        # Our own SVG: labels are escaped in charts.py, so the markup is safe to inline.
        "by_category": Markup(charts.success_bars("Success by category", rows(scores.by_category))),
        "by_language": Markup(charts.success_bars("Success by language", rows(scores.by_language))),
        "confusion": Markup(
            charts.confusion_matrix("Urgency: expected vs observed", scores.urgency_confusion)
        ),
        "turns": Markup(
            charts.histogram(
                "Patient turns per call",
                [float(r.patient_turns) for r in results],
                integer=True,
            )
        ),
        "latency": Markup(
            charts.histogram(
                "Engine time per turn (up to p99)",
                [ms for r in results for ms in r.engine_ms],
                unit=" ms",
                cap=scores.engine_ms.p99,
            )
        ),
    }


def render_html(
    scores: Scores,
    results: list[RunResult],
    *,
    misses: list[str],
    meta: dict[str, Any] | None = None,
    urgency_corpus: dict[str, Any] | None = None,
) -> str:
    """Render the report as one HTML document."""
    failures = sorted((r for r in results if not r.passed), key=lambda r: (r.scenario_id, r.run))
    return _ENV.get_template("report.html.j2").render(
        scores=scores,
        misses=misses,
        meta=meta or {},
        charts=_charts(scores, results),
        failures=failures,
        urgency_corpus=urgency_corpus or {},
    )


def write_html(path: Path, html: str) -> None:
    """Write the report to ``path`` (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
