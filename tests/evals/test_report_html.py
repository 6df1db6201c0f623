"""The HTML report is one self-contained file that holds the charts and failure transcripts."""

from __future__ import annotations

from html.parser import HTMLParser

from agent.understanding import UrgencyLevel
from evals.report_html import render_html
from evals.report_json import report_dict
from evals.results import CheckResult, RunResult, Turn
from evals.scoring import score


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _results() -> list[RunResult]:
    failed = RunResult(
        scenario_id="book-<b>x</b>",
        category="booking",
        language="fr",
        passed=False,
        checks=[CheckResult(name="booked", passed=False, detail="nothing was booked")],
        transcript=[
            Turn(role="agent", text="Bonjour, que puis-je faire ?", expecting="greeting"),
            Turn(role="patient", text="<script>alert(1)</script> un rendez-vous"),
        ],
        engine_ms=[12.0],
        patient_turns=1,
    )
    ok = RunResult(
        scenario_id="redflag",
        category="clinical_triage",
        language="en",
        passed=True,
        expected_urgency=UrgencyLevel.EMERGENCY,
        observed_urgency=UrgencyLevel.EMERGENCY,
        handed_off=True,
        engine_ms=[3.0, 5.0],
        patient_turns=1,
    )
    return [failed, ok]


def test_the_report_is_self_contained_and_has_every_chart() -> None:
    results = _results()
    html = render_html(score(results), results, misses=["success 50.0% is below 97.0%"])
    parser = _Collector()
    parser.feed(html)
    tags = parser.tags
    # Nothing is fetched: no script, no external stylesheet, image or font.
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe")]
    assert not [
        a
        for _, a in tags
        if any(str(v).startswith("http") for k, v in a.items() if k in ("src", "href"))
    ]
    figures = {a.get("id") for t, a in tags if t == "figure"}
    assert figures == {
        "chart-category",
        "chart-language",
        "chart-confusion",
        "chart-turns",
        "chart-latency",
    }
    assert sum(1 for t, _ in tags if t == "svg") == 5
    assert sum(1 for t, a in tags if t == "rect" and a.get("class") == "cell") == 9
    assert any(t == "rect" and a.get("class") == "bar" for t, a in tags)


def test_failures_show_a_readable_escaped_transcript() -> None:
    results = _results()
    html = render_html(score(results), results, misses=[])
    parser = _Collector()
    parser.feed(html)
    text = " ".join(parser.text)
    assert "<script>alert(1)</script> un rendez-vous" in text  # shown as text...
    assert "<script>" not in html  # ...never as markup
    assert "nothing was booked" in text
    assert "Bonjour, que puis-je faire ?" in text
    assert "redflag" not in {a.get("id") for _, a in parser.tags}  # passes are not listed


def test_the_json_report_lists_failures_and_every_replay() -> None:
    results = _results()
    report = report_dict(score(results), results, misses=["x"], meta={"brain": "rules"})
    assert report["failures"] == ["book-<b>x</b>"]
    assert report["misses"] == ["x"]
    assert len(report["results"]) == 2
    assert report["scores"]["urgency_recall"] == 1.0


def test_histograms_bin_whole_numbers_and_cap_outliers() -> None:
    from evals.charts import histogram

    turns = histogram("turns", [1, 2, 2, 3], integer=True)
    assert turns.count('class="bin"') == 3
    latency = histogram("ms", [1.0, 2.0, 3.0, 1000.0], unit=" ms", cap=3.0, bins=2)
    assert latency.count('class="bin"') == 2
    assert "and more: 3" in latency  # 2.0, 3.0 and the 1000 ms outlier share the last bin
